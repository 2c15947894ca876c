// CHTSlib: the system htslib, plus `static inline` wrappers for the htslib
// macros and bit-field accesses that Swift cannot import directly.
// Only the VariantIO target imports this module.
#ifndef CRIBA_CHTSLIB_SHIM_H
#define CRIBA_CHTSLIB_SHIM_H

#include <htslib/hts.h>
#include <htslib/hts_log.h>
#include <htslib/hfile.h>
#include <htslib/bgzf.h>
#include <htslib/kstring.h>
#include <htslib/tbx.h>
#include <htslib/vcf.h>
#include <htslib/vcfutils.h>
#include <htslib/thread_pool.h>
#include <htslib/faidx.h>
#include <htslib/kbitset.h>
#include <stdlib.h>
#include <string.h>
#include "bcf_record_reader.h"

// ---- constants built from expressions (not imported as Swift constants) ----
/// BCF_UN_ALL
static inline int criba_unpack_all(void) { return BCF_UN_ALL; }
/// BCF_UN_STR | BCF_UN_FMT: alleles plus per-sample data, no INFO.
static inline int criba_unpack_alleles_and_samples(void) { return BCF_UN_STR | BCF_UN_FMT; }
/// bcf_int32_missing
static inline int32_t criba_int32_missing(void) { return bcf_int32_missing; }
/// Sets a float to htslib's missing-value bit pattern.
static inline void criba_float_set_missing(float *value) { bcf_float_set_missing(*value); }
/// bcf_int32_vector_end
static inline int32_t criba_int32_vector_end(void) { return bcf_int32_vector_end; }
/// bcf_int8_vector_end / bcf_int16_vector_end
static inline int32_t criba_int8_vector_end(void) { return bcf_int8_vector_end; }
static inline int32_t criba_int16_vector_end(void) { return bcf_int16_vector_end; }
static inline int32_t criba_int8_missing(void) { return bcf_int8_missing; }
static inline int32_t criba_int16_missing(void) { return bcf_int16_missing; }
/// KS_SEP_LINE (htslib/kseq.h): split input at newlines
static inline int criba_line_separator(void) { return 2; }
/// HTS_POS_MAX
static inline hts_pos_t criba_pos_max(void) { return HTS_POS_MAX; }

// ---- header macros ----
/// bcf_hdr_nsamples(hdr)
static inline int criba_hdr_nsamples(const bcf_hdr_t *h) { return bcf_hdr_nsamples(h); }
/// hdr->n[BCF_DT_CTG]
static inline int criba_hdr_ncontigs(const bcf_hdr_t *h) { return h->n[BCF_DT_CTG]; }
/// hdr->n[BCF_DT_ID]
static inline int criba_hdr_nids(const bcf_hdr_t *h) { return h->n[BCF_DT_ID]; }
/// bcf_hdr_id2name(hdr, rid)
static inline const char *criba_hdr_contig_name(const bcf_hdr_t *h, int rid) { return h->id[BCF_DT_CTG][rid].key; }
/// hdr->id[BCF_DT_CTG][rid].val->info[0] (the contig length, 0 when unknown)
static inline hts_pos_t criba_hdr_contig_length(const bcf_hdr_t *h, int rid) { return h->id[BCF_DT_CTG][rid].val->info[0]; }
/// bcf_hdr_int2id(hdr, BCF_DT_SAMPLE, i)
static inline const char *criba_hdr_sample_name(const bcf_hdr_t *h, int i) { return h->samples[i]; }
/// bcf_hdr_int2id(hdr, BCF_DT_ID, id)
static inline const char *criba_hdr_id_key(const bcf_hdr_t *h, int id) { return h->id[BCF_DT_ID][id].key; }
/// bcf_hdr_idinfo_exists(hdr, type, id)
static inline int criba_hdr_idinfo_exists(const bcf_hdr_t *h, int type, int id) { return bcf_hdr_idinfo_exists(h, type, id); }
/// bcf_hdr_id2type(hdr, type, id)
static inline int criba_hdr_id2type(const bcf_hdr_t *h, int type, int id) { return (int)bcf_hdr_id2type(h, type, id); }
/// bcf_hdr_id2length(hdr, type, id)
static inline int criba_hdr_id2length(const bcf_hdr_t *h, int type, int id) { return (int)bcf_hdr_id2length(h, type, id); }
/// bcf_hdr_id2number(hdr, type, id)
static inline int criba_hdr_id2number(const bcf_hdr_t *h, int type, int id) { return (int)bcf_hdr_id2number(h, type, id); }
/// bcf_hdr_id2hrec(hdr, BCF_DT_ID, type, id)
static inline bcf_hrec_t *criba_hdr_id2hrec(const bcf_hdr_t *h, int type, int id) { return bcf_hdr_id2hrec(h, BCF_DT_ID, type, id); }

// ---- record bit-fields ----
static inline int criba_rec_nallele(const bcf1_t *v) { return v->n_allele; }
static inline int criba_rec_nsample(const bcf1_t *v) { return v->n_sample; }
static inline int criba_rec_nfmt(const bcf1_t *v) { return v->n_fmt; }
static inline int criba_rec_ninfo(const bcf1_t *v) { return v->n_info; }
/// v->d.allele[i]
static inline const char *criba_rec_allele(const bcf1_t *v, int i) { return v->d.allele[i]; }

/// Allele `index` (0 = REF) of a record, without bcf_unpack when it can be read in place:
/// the shared block of a record not yet unpacked and not edited holds ID, then each allele,
/// as typed character vectors (checked on reading by criba_bcf_read_record or vcf_parse).
/// Unpacking formats the ID and copies every allele, a cost per record that annotation and
/// statistics do not need. Sets *length; returns NULL when the block does not parse.
static inline const char *criba_rec_allele_span(bcf1_t *line, int index, int *length) {
    if ((line->unpacked & BCF_UN_STR) || line->d.shared_dirty || line->shared.l == 0 || index >= line->n_allele) {
        if (bcf_unpack(line, BCF_UN_STR) != 0 || index >= line->n_allele) return NULL;
        const char *allele = line->d.allele[index];
        *length = (int)strlen(allele);
        return allele;
    }
    const uint8_t *cursor = (const uint8_t *)line->shared.s, *end = cursor + line->shared.l;
    for (int field = -1; field <= index; field++) {   // -1: the ID
        if (cursor >= end) return NULL;
        int type = *cursor & 0xf, size = *cursor >> 4;
        cursor++;
        if (size == 15) {
            if (cursor >= end) return NULL;
            int sizeType = *cursor & 0xf;
            cursor++;
            if (sizeType == BCF_BT_INT8 && cursor + 1 <= end) { size = *(const int8_t *)cursor; cursor += 1; }
            else if (sizeType == BCF_BT_INT16 && cursor + 2 <= end) { size = le_to_i16(cursor); cursor += 2; }
            else if (sizeType == BCF_BT_INT32 && cursor + 4 <= end) { size = le_to_i32(cursor); cursor += 4; }
            else return NULL;
        }
        if ((type != BCF_BT_CHAR && size != 0) || size < 0 || cursor + size > end) return NULL;
        if (field == index) { *length = size; return (const char *)cursor; }
        cursor += size;
    }
    return NULL;
}

// ---- iterators ----
/// bcf_itr_queryi(idx, tid, beg, end)
static inline hts_itr_t *criba_bcf_itr_queryi(const hts_idx_t *idx, int tid, hts_pos_t beg, hts_pos_t end) { return bcf_itr_queryi(idx, tid, beg, end); }
/// bcf_itr_next(fp, itr, rec)
static inline int criba_bcf_itr_next(htsFile *fp, hts_itr_t *itr, bcf1_t *rec) { return bcf_itr_next(fp, itr, rec); }
/// tbx_itr_queryi(tbx, tid, beg, end)
static inline hts_itr_t *criba_tbx_itr_queryi(tbx_t *tbx, int tid, hts_pos_t beg, hts_pos_t end) { return tbx_itr_queryi(tbx, tid, beg, end); }
/// tbx_itr_next(fp, tbx, itr, line)
static inline int criba_tbx_itr_next(htsFile *fp, tbx_t *tbx, hts_itr_t *itr, kstring_t *line) { return tbx_itr_next(fp, tbx, itr, line); }

// ---- options that htslib exposes only through variadic calls ----
/// hts_set_opt(fp, HTS_OPT_COMPRESSION_LEVEL, level)
static inline int criba_set_compression_level(htsFile *fp, int level) { return hts_set_opt(fp, HTS_OPT_COMPRESSION_LEVEL, level); }

// ---- genotype field access without copies ----
/// Reads the two leading allele codes of sample `i` from an unpacked GT field
/// (`bcf_fmt_t`), whatever its integer width. Returns the ploidy seen (0..n).
/// Codes follow htslib's encoding: 0 = missing, (allele+1)<<1 | phased.
static inline int criba_gt_codes(const bcf_fmt_t *fmt, int i, int32_t *codes, int max) {
    int n = fmt->n, k = 0;
    if (n > max) n = max;
    switch (fmt->type) {
    case BCF_BT_INT8: {
        const int8_t *p = (const int8_t *)(fmt->p + (size_t)i * fmt->size);
        for (; k < n && p[k] != bcf_int8_vector_end; k++) codes[k] = p[k];
        break; }
    case BCF_BT_INT16: {
        const int16_t *p = (const int16_t *)(fmt->p + (size_t)i * fmt->size);
        for (; k < n && p[k] != bcf_int16_vector_end; k++) codes[k] = p[k];
        break; }
    case BCF_BT_INT32: {
        const int32_t *p = (const int32_t *)(fmt->p + (size_t)i * fmt->size);
        for (; k < n && p[k] != bcf_int32_vector_end; k++) codes[k] = p[k];
        break; }
    default: return -1;
    }
    return k;
}


/// Appends one INFO field, already typed, to the end of a record's BCF-encoded shared
/// block without decoding or re-encoding the others. Only valid while the record's INFO
/// is neither unpacked nor edited (returns 1 then: the caller uses bcf_update_info) and
/// the tag is not already present. type: BCF_HT_INT, BCF_HT_REAL, BCF_HT_STR or BCF_HT_FLAG.
static inline int criba_append_info(bcf1_t *v, int tag, int type, const void *values, int count) {
    if ((v->unpacked & BCF_UN_INFO) || v->d.shared_dirty) return 1;
    kstring_t *shared = &v->shared;
    size_t length = shared->l;
    int status = bcf_enc_int1(shared, tag);
    if (status == 0) {
        if (type == BCF_HT_INT) status = bcf_enc_vint(shared, count, (int32_t *)values, -1);
        else if (type == BCF_HT_REAL) status = bcf_enc_vfloat(shared, count, (float *)values);
        else if (type == BCF_HT_FLAG) status = bcf_enc_size(shared, 0, BCF_BT_NULL);
        else status = bcf_enc_vchar(shared, count, (const char *)values);
    }
    if (status < 0) { shared->l = length; return -1; }
    v->n_info++;
    return 0;
}

/// True when a record has edits that a BCF writer would have to re-encode.
static inline int criba_rec_is_dirty(const bcf1_t *v) { return v->d.shared_dirty || v->d.indiv_dirty; }

/// Asks the CPU to start loading the cache line at address (a read, kept in all levels):
/// lets the reference base of a record a few records ahead arrive while this one is worked on.
static inline void criba_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
