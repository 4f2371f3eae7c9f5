/* banned.h: functions that are easy to misuse are compile errors in Barnplan.
 * Included by every source file through util/common.h. Use the named replacements. */
#ifndef BP_BANNED_H
#define BP_BANNED_H

#define BANNED(func) sorry_##func##_is_banned_in_barnplan

#undef strcpy
#define strcpy(x, y) BANNED(strcpy) /* use bp_buf or memcpy with a length */
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef sprintf
#define sprintf(...) BANNED(sprintf) /* use snprintf or bp_buf_addf */
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi) /* use bp_parse_int64 */
#undef atol
#define atol(x) BANNED(atol)
#undef gmtime
#define gmtime(x) BANNED(gmtime) /* use gmtime_r */
#undef localtime
#define localtime(x) BANNED(localtime) /* use localtime_r */
#undef ctime
#define ctime(x) BANNED(ctime)
#undef asctime
#define asctime(x) BANNED(asctime)
#undef gets
#define gets(x) BANNED(gets)

/* No program is ever run: no shell, so no command injection (OWASP ASVS V1.2.5, docs/asvs.md). unistd.h is
 * read here first, so that its declarations are not renamed by the macros when a file includes it later. */
#include <unistd.h>
#undef system
#define system(x) BANNED(system)
#undef popen
#define popen(x, y) BANNED(popen)
#undef execl
#define execl(...) BANNED(execl)
#undef execlp
#define execlp(...) BANNED(execlp)
#undef execle
#define execle(...) BANNED(execle)
#undef execv
#define execv(x, y) BANNED(execv)
#undef execvp
#define execvp(x, y) BANNED(execvp)
#undef execve
#define execve(x, y, z) BANNED(execve)

#endif
