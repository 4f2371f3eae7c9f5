/* rm_tree.h: removes a test's temporary folder and everything in it (util/banned.h bans system()). */
#ifndef BP_TEST_RM_TREE_H
#define BP_TEST_RM_TREE_H
#include <dirent.h>
#include <stdio.h>
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
#endif
