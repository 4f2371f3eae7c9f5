/* rm_tree.h: a test's temporary folder: made for a cmocka group (tmp_tree_make in the group setup,
 * tmp_tree_teardown as the group teardown), and removed with everything in it (util/banned.h bans system()).
 */
#ifndef BP_TEST_RM_TREE_H
#define BP_TEST_RM_TREE_H
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 0 when dir and all below it are gone; symbolic links are removed, never followed. */
static inline int rm_tree(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int rc = 0;
    if (!d)
        return -1;
    while ((e = readdir(d))) {
        char path[4096];
        struct stat st;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= sizeof(path)) {
            rc = -1; /* too long a path: not in a test's own folder */
            continue;
        }
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
            rc |= rm_tree(path);
        else
            rc |= unlink(path);
    }
    closedir(d);
    return rc | rmdir(dir);
}

/* Makes the folder dir names (a mkdtemp template, filled in) and hands it to the group as its state; 0 when
 * made. */
static inline int tmp_tree_make(char *dir, void **state)
{
    if (!mkdtemp(dir))
        return -1;
    *state = dir;
    return 0;
}

/* cmocka group teardown: removes the folder tmp_tree_make made, and all in it (-1 when it made none). */
static inline int tmp_tree_teardown(void **state)
{
    return *state ? rm_tree((const char *)*state) : -1;
}
#endif
