/* site.c: what is loaded once before the workers fork: translations, compiled templates and the
 * static files (kept in memory, served with an ETag). */
#include <dirent.h>
#include <errno.h>
#include "http/http.h"

static const char *content_type_of(const char *name)
{
    static const char *const types[][2] = {
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"}, /* code.js alone; only the pages that load it allow it */
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},
        {".yaml", "application/yaml"},
        {".woff2", "font/woff2"},
    };
    const char *dot = strrchr(name, '.');
    size_t i;
    for (i = 0; dot && i < BP_ARRAY_LEN(types); i++)
        if (strcmp(dot, types[i][0]) == 0)
            return types[i][1];
    return NULL; /* anything else is not served */
}

static bool read_file(const char *path, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    struct bp_buf b;
    char chunk[16384];
    size_t got;
    bool bad;
    if (!f)
        return false;
    bp_buf_init(&b, 8 * 1024 * 1024);
    while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
        bp_buf_add(&b, chunk, got);
    bad = ferror(f) != 0;
    (void)fclose(f); /* read only: nothing to flush */
    if (bad || bp_buf_failed(&b)) {
        bp_buf_release(&b);
        return false;
    }
    *len = b.len;
    *out = b.data ? b.data : bp_xstrdup("");
    return true;
}

static enum bp_err load_static(struct bp_site *site, const char *dir, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    size_t cap = 0;
    if (!d) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return BP_ERR_INTERNAL;
    }
    while ((de = readdir(d)) != NULL) {
        const char *ct = content_type_of(de->d_name);
        struct bp_static_file *f;
        char path[4096];
        uint32_t h = 2166136261u;
        size_t i;
        if (!ct || de->d_name[0] == '.')
            continue;
        if (site->n_files == cap) {
            cap = cap ? cap * 2 : 16;
            site->files = bp_xrealloc(site->files, cap * sizeof(*site->files));
        }
        f = &site->files[site->n_files];
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        if (!read_file(path, &f->body, &f->len)) {
            snprintf(err, errlen, "%s: cannot read", path);
            closedir(d);
            return BP_ERR_INTERNAL;
        }
        for (i = 0; i < f->len; i++)
            h = (h ^ (unsigned char)f->body[i]) * 16777619u;
        snprintf(f->etag, sizeof(f->etag), "\"%08x%zx\"", h, f->len);
        f->content_type = ct;
        f->path = bp_xmalloc(strlen(de->d_name) + 9);
        snprintf(f->path, strlen(de->d_name) + 9, "/static/%s", de->d_name);
        site->n_files++;
    }
    closedir(d);
    return BP_OK;
}

enum bp_err bp_site_load(struct bp_site *site, const struct bp_http_config *cfg, char *err, size_t errlen)
{
    char dir[2048];
    enum bp_err rc;
    memset(site, 0, sizeof(*site));
    site->cfg = cfg;
    bp_i18n_init(cfg->localedir, bp_messages_msgids); /* the labels' and errors' texts, looked up once */
    site->tmpl = bp_tmpl_set_new(BP_LANG_COUNT, bp_tr_cb, NULL);
    snprintf(dir, sizeof(dir), "%s/templates", cfg->datadir);
    if ((rc = bp_tmpl_add_dir(site->tmpl, dir, err, errlen)) != BP_OK ||
        (rc = bp_tmpl_compile(site->tmpl, err, errlen)) != BP_OK)
        return rc;
    snprintf(dir, sizeof(dir), "%s/static", cfg->datadir);
    return load_static(site, dir, err, errlen);
}

void bp_site_free(struct bp_site *site)
{
    size_t i;
    bp_tmpl_set_free(site->tmpl);
    for (i = 0; i < site->n_files; i++) {
        free(site->files[i].path);
        free(site->files[i].body);
    }
    free(site->files);
    memset(site, 0, sizeof(*site));
}
