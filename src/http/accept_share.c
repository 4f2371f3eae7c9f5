/* accept_share.c: the workers' fair share of the connections (issue 12).
 *
 * Every worker accepts from the one listening socket the master holds (so that a restart hands it over
 * without refusing a connection). Whichever worker the kernel wakes first takes a connection, and a busy
 * worker that loops back to epoll first takes nearly all of them: wrk's 64 connections have been seen 63 on
 * one worker and 1 on the other, and a load balancer's few long-lived keep-alive connections can pin a
 * whole installation on one core the same way.
 *
 * So each worker publishes how many connections it holds in a slot of a table the master maps shared
 * before it forks, and a worker holding more than its share (the accepting workers' average, plus one)
 * stops reading the listening socket until it is back within it. A worker pauses only while another is
 * within its share: that one accepts, or, paused itself a moment ago, looks again within a few
 * milliseconds and takes up accepting, so a connection always finds a taker soon. The master gives each
 * worker a slot and frees it when the worker ends; a restart's old workers leave the accepting set as they
 * stop. Without the table (mmap failed, or more workers alive than slots) a worker simply accepts, as before.
 */
#include <stdatomic.h>
#include <sys/mman.h>
#include "http/http.h"

enum slot_state { SLOT_IDLE, SLOT_ACCEPTING, SLOT_PAUSED };

struct slot {
    atomic_int pid;   /* 0: free; -1: reserved by the master for a worker being forked */
    atomic_int state; /* enum slot_state */
    atomic_int conns;
};

static struct slot *slots; /* shared by the master and every worker; NULL: no sharing */
static int n_slots;
static struct slot *mine; /* the worker's own; NULL in the master, or without a slot */

void bp_accept_share_init(int workers)
{
    int n = 2 * workers + 2; /* a restart's new workers beside the old ones finishing, and one more of each */
    void *p;
    if (workers < 2)
        return;
    p = mmap(NULL, (size_t)n * sizeof(*slots), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return;
    slots = p;
    n_slots = n;
}

int bp_accept_share_reserve(void)
{
    int i;
    for (i = 0; i < n_slots; i++) {
        if (atomic_load(&slots[i].pid) == 0) {
            atomic_store(&slots[i].conns, 0);
            atomic_store(&slots[i].state, SLOT_IDLE);
            atomic_store(&slots[i].pid, -1);
            return i;
        }
    }
    return -1;
}

void bp_accept_share_assign(int slot, int pid)
{
    if (slot >= 0 && slot < n_slots)
        atomic_store(&slots[slot].pid, pid > 0 ? pid : 0); /* a failed fork frees it again */
}

void bp_accept_share_release(int pid)
{
    int i;
    for (i = 0; i < n_slots; i++) {
        if (atomic_load(&slots[i].pid) == pid) {
            atomic_store(&slots[i].state, SLOT_IDLE); /* its connections died with it */
            atomic_store(&slots[i].conns, 0);
            atomic_store(&slots[i].pid, 0);
        }
    }
}

void bp_accept_share_join(int slot)
{
    if (slot < 0 || slot >= n_slots)
        return;
    mine = &slots[slot];
    atomic_store(&mine->conns, 0);
    atomic_store(&mine->state, SLOT_ACCEPTING);
}

void bp_accept_share_leave(void)
{
    if (mine)
        atomic_store(&mine->state, SLOT_IDLE);
}

bool bp_accept_share_over(size_t held)
{
    int i, total = 0, serving = 0, share;
    if (!mine)
        return false;
    atomic_store_explicit(&mine->conns, (int)held, memory_order_relaxed);
    for (i = 0; i < n_slots; i++) {
        if (atomic_load_explicit(&slots[i].state, memory_order_relaxed) == SLOT_IDLE)
            continue;
        serving++;
        total += atomic_load_explicit(&slots[i].conns, memory_order_relaxed);
    }
    if (serving < 2)
        return false;
    share = total / serving + 1;
    if ((int)held <= share)
        return false;
    /* over its share: it pauses if another worker is within its own, which accepts, or will as soon as
     * it looks again (a paused worker looks every few milliseconds) */
    for (i = 0; i < n_slots; i++)
        if (&slots[i] != mine && atomic_load_explicit(&slots[i].state, memory_order_relaxed) != SLOT_IDLE &&
            atomic_load_explicit(&slots[i].conns, memory_order_relaxed) <= share)
            return true;
    return false;
}

void bp_accept_share_paused(bool paused)
{
    if (mine)
        atomic_store_explicit(&mine->state, paused ? SLOT_PAUSED : SLOT_ACCEPTING, memory_order_relaxed);
}
