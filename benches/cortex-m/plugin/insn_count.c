/*
 * A QEMU TCG plugin that counts the guest instructions executed between two marker
 * instructions: Thumb `mov r8, r8` (0x46c0) starts a count, `mov r9, r9` (0x46c9) ends it.
 * Compilers never emit either (a register moved onto itself), so only the bench program's
 * own markers match. Every instruction gets an inline counter increment (exact, also for a
 * translation block left early); the markers get a callback that reads the counter. At exit
 * the counts are printed, one "insns N" line per marked region, in program order.
 *
 * Debian ships QEMU with plugin support but without the plugin header (qemu-plugin.h), so
 * the few entry points this plugin uses are declared below, as QEMU 7.2's plugin ABI
 * (API version 1) defines them. Build: cc -shared -fPIC -O2 -o insn_count.so insn_count.c
 * Run: qemu-system-arm ... -plugin ./insn_count.so -d plugin
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
struct qemu_info_t;

enum qemu_plugin_cb_flags { CB_NO_REGS = 0 };
enum qemu_plugin_op { INLINE_ADD_U64 = 0 };

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
                                           void (*cb)(qemu_plugin_id_t, struct qemu_plugin_tb *));
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
                                            void (*cb)(unsigned int vcpu, void *udata),
                                            enum qemu_plugin_cb_flags flags, void *udata);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn,
                                                enum qemu_plugin_op op, void *ptr, uint64_t imm);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id,
                                    void (*cb)(qemu_plugin_id_t, void *), void *udata);
void qemu_plugin_outs(const char *string);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

#define MARK_START 0x46c0u
#define MARK_STOP 0x46c9u
#define MAX_REGIONS 64

static uint64_t executed;      /* guest instructions so far (one vCPU) */
static uint64_t started_at;
static int inside;
static uint64_t counts[MAX_REGIONS];
static size_t regions;

static void on_start(unsigned int vcpu, void *udata)
{
    (void)vcpu;
    (void)udata;
    started_at = executed;
    inside = 1;
}

static void on_stop(unsigned int vcpu, void *udata)
{
    (void)vcpu;
    (void)udata;
    if (inside && regions < MAX_REGIONS) {
        /* The counter has counted the start marker and, the inline increment being emitted
           before the callback, this stop marker: neither belongs to the region. */
        counts[regions++] = executed - started_at - 1;
    }
    inside = 0;
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    size_t n = qemu_plugin_tb_n_insns(tb);
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        qemu_plugin_register_vcpu_insn_exec_inline(insn, INLINE_ADD_U64, &executed, 1);
        if (qemu_plugin_insn_size(insn) == 2) {
            const uint8_t *bytes = qemu_plugin_insn_data(insn);
            unsigned int half = (unsigned int)bytes[0] | ((unsigned int)bytes[1] << 8);
            if (half == MARK_START) {
                qemu_plugin_register_vcpu_insn_exec_cb(insn, on_start, CB_NO_REGS, NULL);
            } else if (half == MARK_STOP) {
                qemu_plugin_register_vcpu_insn_exec_cb(insn, on_stop, CB_NO_REGS, NULL);
            }
        }
    }
}

static void on_exit(qemu_plugin_id_t id, void *udata)
{
    (void)id;
    (void)udata;
    char line[64];
    for (size_t i = 0; i < regions; i++) {
        snprintf(line, sizeof line, "insns %llu\n", (unsigned long long)counts[i]);
        qemu_plugin_outs(line);
    }
    snprintf(line, sizeof line, "insns_total %llu\n", (unsigned long long)executed);
    qemu_plugin_outs(line);
}

__attribute__((visibility("default"))) int qemu_plugin_install(qemu_plugin_id_t id,
                                                               const struct qemu_info_t *info,
                                                               int argc, char **argv)
{
    (void)info;
    (void)argc;
    (void)argv;
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    qemu_plugin_register_atexit_cb(id, on_exit, NULL);
    return 0;
}
