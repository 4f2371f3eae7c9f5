/* migrations.h: the schema migrations of each backend, compiled in from migrations/<backend>/NNN_name.sql
 * by embed_migrations.cmake. Data only: store.c applies them. Never edit a released migration; add
 * the next number instead. */
#ifndef BP_STORAGE_MIGRATIONS_H
#define BP_STORAGE_MIGRATIONS_H
#include "util/common.h"

struct bp_migration {
    int version; /* NNN, strictly increasing */
    const char *name;
    const char *sql;
};

struct bp_migration_set {
    const char *backend; /* a driver's name */
    const struct bp_migration *list;
    size_t n;
};

extern const struct bp_migration_set bp_migration_sets[];
extern const size_t bp_migration_set_count;

#endif
