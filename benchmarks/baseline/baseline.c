/*
 * Hand-written C baseline for the translation benchmarks (issue 12).
 *
 * The same operations Smmuv3TranslateBenchmarks and VtdTranslateBenchmarks measure, written for speed over flat
 * memory, with the checks the models make:
 *
 *   hit        configuration-cache probe (stream id -> context) and TLB probe (VMID, ASID, VA page), permission
 *              check, output = page base | offset.
 *   walk4      VMSAv8-64 stage-1 4 KB walk from level 0 (48-bit VA): input range check, for each level valid,
 *              table/block/page shape, table-address and output-address size (OAS 48), APTable/PXNTable/UXNTable
 *              accumulated; at the leaf the Access flag and the AP[2:1] permissions of the access.
 *   nested     the same stage 1 over a 48-bit stage 2 from level 0: every stage-1 table address and the output
 *              IPA go through a stage-2 walk (valid, shape, AF, S2AP, address size): 4 x (4 + 1) + 4 = 24 reads.
 *   ws_*       a working set four times the TLB (SMMUv3 suite: 16384 pages in steps of 2 through 4096 entries; VT-d
 *              suite: 4096 pages through 1024), configuration probe, TLB probe, miss -> walk -> insert.
 *
 * Each operation runs in a loop of many iterations timed with clock_gettime(CLOCK_MONOTONIC); every translation
 * is a call to a non-inlined function (as Translate is a call in the models) whose address changes with the
 * iteration so that nothing is hoisted out of the loop. Prints "name median_ns min_ns" per operation.
 *
 * Build: gcc -O2 -march=native -o baseline baseline.c   ("baseline check" only checks that it translates)
 */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NOINLINE __attribute__((noinline))
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

/* ---- flat guest memory ---------------------------------------------------------------------------------------- */

#define MEM_SIZE (64u << 20) /* tables live in the first 64 MiB of guest physical space */
static uint64_t *mem;

static inline int mem_read64(uint64_t pa, uint64_t *out)
{
    if (UNLIKELY(pa >= MEM_SIZE)) {
        return 0; /* external abort */
    }
    *out = mem[pa >> 3];
    return 1;
}

/* ---- descriptors (VMSAv8-64, 4 KB granule) -------------------------------------------------------------------- */

#define D_VALID (1ull << 0)
#define D_TABLE (1ull << 1)
#define D_AP1 (1ull << 6) /* stage 1: unprivileged access; stage 2: S2AP[0] read */
#define D_AP2 (1ull << 7) /* stage 1: read-only;            stage 2: S2AP[1] write */
#define D_AF (1ull << 10)
#define D_PXN (1ull << 53)
#define D_UXN (1ull << 54)
#define T_PXN (1ull << 59)
#define T_UXN (1ull << 60)
#define T_AP0 (1ull << 61) /* APTable[0]: no unprivileged access */
#define T_AP1 (1ull << 62) /* APTable[1]: read-only */
#define OA_MASK 0x0000fffffffff000ull     /* bits 47:12 */
#define OA_HIGH 0x000f000000000000ull     /* bits 51:48: must be zero with OAS = 48 */

enum fault { OK = 0, F_TRANSLATION, F_ADDR_SIZE, F_ACCESS, F_PERMISSION, F_EXTERNAL };

enum access { ACC_READ = 0, ACC_WRITE = 1 };

/* permissions of a translation: bit 0 read, bit 1 write (privileged); bit 2 read, bit 3 write (unprivileged) */
#define P_R 1u
#define P_W 2u
#define P_UR 4u
#define P_UW 8u

static inline int allowed(unsigned perms, int acc, int priv)
{
    unsigned need = acc == ACC_WRITE ? P_W : P_R;
    return (perms & (priv ? need : need << 2)) != 0;
}

struct walk_out {
    uint64_t oa;
    unsigned perms;
    int shift;
    int fault;
};

/* stage 2 from level 0, 48-bit IPA, 4 KB: valid, shape, AF, S2AP, output size */
static inline int s2_walk(uint64_t root, uint64_t ipa, int acc, uint64_t *oa)
{
    if (UNLIKELY(ipa >> 48)) {
        return F_TRANSLATION;
    }
    uint64_t table = root;
    for (int level = 0;; level++) {
        int shift = 39 - 9 * level;
        uint64_t d;
        if (UNLIKELY(!mem_read64(table + (((ipa >> shift) & 511) << 3), &d))) {
            return F_EXTERNAL;
        }
        if (UNLIKELY(!(d & D_VALID))) {
            return F_TRANSLATION;
        }
        if (level < 3 && (d & D_TABLE)) {
            if (UNLIKELY(d & OA_HIGH)) {
                return F_ADDR_SIZE;
            }
            table = d & OA_MASK;
            continue;
        }
        if (UNLIKELY(level == 3 ? !(d & D_TABLE) : level == 0)) {
            return F_TRANSLATION; /* reserved at level 3, no level-0 blocks with 4 KB */
        }
        if (UNLIKELY(d & OA_HIGH)) {
            return F_ADDR_SIZE;
        }
        if (UNLIKELY(!(d & D_AF))) {
            return F_ACCESS;
        }
        if (UNLIKELY(!(d & (acc == ACC_WRITE ? D_AP2 : D_AP1)))) {
            return F_PERMISSION;
        }
        uint64_t page = (1ull << shift) - 1;
        *oa = ((d & OA_MASK) & ~page) | (ipa & page);
        return OK;
    }
}

/* stage 1 from level 0, 48-bit VA (T0SZ = 16), 4 KB; s2root != 0 makes it nested */
static inline void s1_walk(uint64_t ttb, uint64_t s2root, uint64_t va, int acc, int priv, struct walk_out *out)
{
    if (UNLIKELY(va >> 48)) {
        out->fault = F_TRANSLATION;
        return;
    }
    uint64_t table = ttb;
    uint64_t restrict_bits = 0;
    for (int level = 0;; level++) {
        int shift = 39 - 9 * level;
        uint64_t addr = table + (((va >> shift) & 511) << 3);
        if (s2root) {
            int f = s2_walk(s2root, addr, ACC_READ, &addr);
            if (UNLIKELY(f != OK)) {
                out->fault = f;
                return;
            }
        }
        uint64_t d;
        if (UNLIKELY(!mem_read64(addr, &d))) {
            out->fault = F_EXTERNAL;
            return;
        }
        if (UNLIKELY(!(d & D_VALID))) {
            out->fault = F_TRANSLATION;
            return;
        }
        if (level < 3 && (d & D_TABLE)) {
            if (UNLIKELY(d & OA_HIGH)) {
                out->fault = F_ADDR_SIZE;
                return;
            }
            restrict_bits |= d & (T_PXN | T_UXN | T_AP0 | T_AP1);
            table = d & OA_MASK;
            continue;
        }
        if (UNLIKELY(level == 3 ? !(d & D_TABLE) : level == 0)) {
            out->fault = F_TRANSLATION;
            return;
        }
        if (UNLIKELY(d & OA_HIGH)) {
            out->fault = F_ADDR_SIZE;
            return;
        }
        if (UNLIKELY(!(d & D_AF))) {
            out->fault = F_ACCESS;
            return;
        }
        unsigned writable = !(d & D_AP2) && !(restrict_bits & T_AP1);
        unsigned unpriv = (d & D_AP1) && !(restrict_bits & T_AP0);
        unsigned perms = P_R | (writable ? P_W : 0) | (unpriv ? P_UR : 0) | (unpriv && writable ? P_UW : 0);
        if (UNLIKELY(!allowed(perms, acc, priv))) {
            out->fault = F_PERMISSION;
            return;
        }
        uint64_t page = (1ull << shift) - 1;
        uint64_t oa = ((d & OA_MASK) & ~page) | (va & page);
        if (s2root) {
            int f = s2_walk(s2root, oa, acc, &oa);
            if (UNLIKELY(f != OK)) {
                out->fault = f;
                return;
            }
        }
        out->oa = oa;
        out->perms = perms;
        out->shift = shift;
        out->fault = OK;
        return;
    }
}

/* ---- configuration cache and TLB (open addressing, power-of-two sizes) ---------------------------------------- */

struct context {
    uint32_t sid; /* key; ~0 = empty */
    uint16_t vmid, asid;
    uint64_t ttb0;
    uint64_t s2root; /* 0 = stage 1 only */
};

#define CFG_SLOTS 64
static struct context cfg[CFG_SLOTS];

struct tlb_entry {
    uint64_t tag; /* VA page | valid bit 0 */
    uint32_t vmid_asid;
    uint32_t perms;
    uint64_t out_base;
};

struct tlb {
    struct tlb_entry *e;
    uint32_t mask;
};

static inline uint32_t hash64(uint64_t x)
{
    x *= 0x9e3779b97f4a7c15ull;
    return (uint32_t)(x >> 32);
}

static inline const struct context *cfg_lookup(uint32_t sid)
{
    for (uint32_t i = hash64(sid) & (CFG_SLOTS - 1);; i = (i + 1) & (CFG_SLOTS - 1)) {
        if (LIKELY(cfg[i].sid == sid)) {
            return &cfg[i];
        }
        if (cfg[i].sid == ~0u) {
            return NULL;
        }
    }
}

static void cfg_insert(const struct context *c)
{
    for (uint32_t i = hash64(c->sid) & (CFG_SLOTS - 1);; i = (i + 1) & (CFG_SLOTS - 1)) {
        if (cfg[i].sid == ~0u || cfg[i].sid == c->sid) {
            cfg[i] = *c;
            return;
        }
    }
}

/* a TLB probe: one slot per (VMID, ASID, page) hash; an insert replaces whatever the slot held */
static inline struct tlb_entry *tlb_slot(struct tlb *t, uint32_t vmid_asid, uint64_t page)
{
    return &t->e[hash64(page ^ ((uint64_t)vmid_asid << 48)) & t->mask];
}

static void tlb_init(struct tlb *t, uint32_t entries)
{
    t->e = calloc(entries, sizeof *t->e);
    t->mask = entries - 1;
}

/* ---- the translations measured --------------------------------------------------------------------------------- */

/* configuration probe + TLB probe; miss: walk and insert. Returns the output address (0 on a fault). */
static inline uint64_t translate(struct tlb *t, uint32_t sid, uint64_t va, int acc, int priv)
{
    const struct context *c = cfg_lookup(sid);
    if (UNLIKELY(!c)) {
        return 0;
    }
    uint32_t va_key = ((uint32_t)c->vmid << 16) | c->asid;
    uint64_t page = va & ~0xfffull;
    struct tlb_entry *e = tlb_slot(t, va_key, page);
    if (LIKELY(e->tag == (page | 1) && e->vmid_asid == va_key && allowed(e->perms, acc, priv))) {
        return e->out_base | (va & 0xfff);
    }
    struct walk_out w;
    s1_walk(c->ttb0, c->s2root, va, acc, priv, &w);
    if (UNLIKELY(w.fault != OK)) {
        return 0;
    }
    e->tag = page | 1;
    e->vmid_asid = va_key;
    e->perms = w.perms;
    e->out_base = w.oa & ~0xfffull;
    return w.oa;
}

static struct tlb tlb_hit, tlb_ws_smmu, tlb_ws_vtd;

static NOINLINE uint64_t op_hit(uint64_t va) { return translate(&tlb_hit, 1, va, ACC_READ, 0); }

static NOINLINE uint64_t op_walk4(uint64_t va)
{
    const struct context *c = cfg_lookup(1);
    struct walk_out w;
    s1_walk(c->ttb0, 0, va, ACC_READ, 0, &w);
    return w.fault == OK ? w.oa : 0;
}

static NOINLINE uint64_t op_nested(uint64_t va)
{
    const struct context *c = cfg_lookup(2);
    struct walk_out w;
    s1_walk(c->ttb0, c->s2root, va, ACC_READ, 0, &w);
    return w.fault == OK ? w.oa : 0;
}

static NOINLINE uint64_t op_ws_smmu(uint64_t va) { return translate(&tlb_ws_smmu, 1, va, ACC_READ, 0); }
static NOINLINE uint64_t op_ws_vtd(uint64_t va) { return translate(&tlb_ws_vtd, 1, va, ACC_READ, 0); }

/* ---- table building -------------------------------------------------------------------------------------------- */

static uint64_t next_table = 0x100000; /* bump allocator inside flat memory */

static uint64_t alloc_table(void)
{
    uint64_t t = next_table;
    next_table += 4096;
    if (next_table > MEM_SIZE) {
        fprintf(stderr, "out of table memory\n");
        exit(1);
    }
    return t;
}

/* map one 4 KB page; stage 2 leaves get S2AP = RW, stage 1 leaves AP = 01 (read-write at EL1 and EL0, as the builder maps Read | Write) */
static void map_page(uint64_t root, uint64_t in, uint64_t out, int stage2)
{
    uint64_t table = root;
    for (int level = 0; level < 3; level++) {
        uint64_t *slot = &mem[(table + (((in >> (39 - 9 * level)) & 511) << 3)) >> 3];
        if (!(*slot & D_VALID)) {
            *slot = alloc_table() | D_TABLE | D_VALID;
        }
        table = *slot & OA_MASK;
    }
    mem[(table + (((in >> 12) & 511) << 3)) >> 3] = (out & OA_MASK) | D_AF | D_TABLE | D_VALID | (stage2 ? D_AP1 | D_AP2 : D_AP1);
}

/* ---- timing ---------------------------------------------------------------------------------------------------- */

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

#define ROUNDS 15
static volatile uint64_t sink;

/* va(i) = base + ((i & vmask) << vshift) + offset */
static void measure(const char *name, uint64_t (*op)(uint64_t), uint64_t base, uint64_t vmask, int vshift, uint64_t offset,
                    long iterations)
{
    double per_op[ROUNDS];
    for (int r = -2; r < ROUNDS; r++) { /* two warm-up rounds */
        uint64_t sum = 0;
        double t0 = now_ns();
        for (long i = 0; i < iterations; i++) {
            sum += op(base + (((uint64_t)i & vmask) << vshift) + offset);
        }
        double t1 = now_ns();
        sink += sum;
        if (sum == 0) {
            fprintf(stderr, "%s: translation faulted\n", name);
            exit(1);
        }
        if (r >= 0) {
            per_op[r] = (t1 - t0) / iterations;
        }
    }
    qsort(per_op, ROUNDS, sizeof per_op[0], cmp_double);
    printf("%s %.3f %.3f\n", name, per_op[ROUNDS / 2], per_op[0]);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    mem = aligned_alloc(4096, MEM_SIZE);
    memset(mem, 0, MEM_SIZE);
    for (int i = 0; i < CFG_SLOTS; i++) {
        cfg[i].sid = ~0u;
    }

    /* stage 1: 16384 pages at VA 0x40_0000_0000 -> PA 0x8000_0000 (as Smmuv3TranslateBenchmarks) */
    const uint64_t va = 0x4000000000ull, pa = 0x80000000ull;
    const int pages = 16384;
    uint64_t s1 = alloc_table();
    for (int i = 0; i < pages; i++) {
        map_page(s1, va + ((uint64_t)i << 12), pa + ((uint64_t)i << 12), 0);
    }
    /* stage 2: identity over the tables and over stage 1's output */
    uint64_t s2 = alloc_table();
    uint64_t tables_end = next_table + (64 << 12); /* the stage-2 tables themselves are not walked through stage 2 */
    for (uint64_t a = 0x100000; a < tables_end; a += 4096) {
        map_page(s2, a, a, 1);
    }
    for (int i = 0; i < pages; i++) {
        map_page(s2, pa + ((uint64_t)i << 12), pa + ((uint64_t)i << 12), 1);
    }
    if (next_table > tables_end) {
        fprintf(stderr, "stage-2 map of the tables is short\n");
        return 1;
    }

    cfg_insert(&(struct context){.sid = 1, .vmid = 1, .asid = 1, .ttb0 = s1, .s2root = 0});
    cfg_insert(&(struct context){.sid = 2, .vmid = 2, .asid = 1, .ttb0 = s1, .s2root = s2});
    tlb_init(&tlb_hit, 1 << 16);
    tlb_init(&tlb_ws_smmu, 4096);
    tlb_init(&tlb_ws_vtd, 1024);

    /* sanity: every operation translates to the address the model would */
    if (op_hit(va + 0x18) != pa + 0x18 || op_walk4(va + 0x18) != pa + 0x18 || op_nested(va + 0x18) != pa + 0x18) {
        fprintf(stderr, "baseline does not translate: %#llx %#llx %#llx\n", (unsigned long long)op_hit(va + 0x18),
                (unsigned long long)op_walk4(va + 0x18), (unsigned long long)op_nested(va + 0x18));
        return 1;
    }
    for (int i = 0; i < pages; i++) {
        uint64_t in = va + ((uint64_t)i << 12) + 0x18, want = pa + ((uint64_t)i << 12) + 0x18;
        if (op_ws_smmu(in) != want || op_ws_smmu(in) != want || op_ws_vtd(in) != want || op_walk4(in) != want || op_nested(in) != want) {
            fprintf(stderr, "baseline does not translate page %d\n", i);
            return 1;
        }
    }
    if (argc > 1 && strcmp(argv[1], "check") == 0) {
        puts("baseline translates");
        return 0;
    }

    /* hits: 64 addresses within one page, as Smmuv3TranslateBenchmarks.Hits */
    measure("hit", op_hit, va, 63, 3, 0, 1L << 25);
    measure("walk4", op_walk4, va, 63, 3, 0x18 & ~7ull, 1L << 22);
    measure("nested", op_nested, va, 63, 3, 0x18 & ~7ull, 1L << 20);
    /* SMMUv3 suite: pages (2i) & 16383 through 4096 entries; VT-d suite: pages i & 4095 through 1024 entries */
    measure("ws_smmu", op_ws_smmu, va, (pages - 1) >> 1, 13, 0, 1L << 22);
    measure("ws_vtd", op_ws_vtd, va, 4095, 12, 0, 1L << 22);
    return 0;
}
