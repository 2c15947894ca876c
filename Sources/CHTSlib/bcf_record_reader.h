// CHTSlib: reading one BCF record with its structural check done in a single inlined pass.
//
// htslib's bcf_read() copies the record and then validates it in bcf_record_check(), whose
// per-field decoders are out-of-line calls; on a file with a dozen INFO/FORMAT fields that
// check costs about a third of the CPU of a plain read. criba_bcf_read_record() reads the
// same bytes into the same bcf1_t (decompression stays with htslib's BGZF and its thread
// pool) and checks the same things: every typed value descriptor lies inside its block,
// value types are valid (a null type carries no values), there is a REF, contig, FILTER, INFO and FORMAT ids are declared in the header,
// REF/ALT are character strings. The error bits set on a bad record are htslib's BCF_ERR_*.
#ifndef CRIBA_CHTSLIB_BCF_RECORD_READER_H
#define CRIBA_CHTSLIB_BCF_RECORD_READER_H

#include <htslib/hts.h>
#include <htslib/bgzf.h>
#include <htslib/vcf.h>
#include <stdint.h>
#include <string.h>

/// True for the atomic types BCF defines: null, int8, int16, int32, float, char.
static inline int criba_bcf_type_valid(int type) {
    return type == BCF_BT_NULL || type == BCF_BT_INT8 || type == BCF_BT_INT16 || type == BCF_BT_INT32
        || type == BCF_BT_FLOAT || type == BCF_BT_CHAR;
}

/// Bytes per value when skipping values of a type: 2 for int16, 4 for int32 and float,
/// 8 for the undefined int64 code, 1 for anything else (htslib skips invalid types the
/// same way, so both readers find the same structural faults after a bad type).
static inline int criba_bcf_type_width(int type) {
    switch (type) {
    case BCF_BT_INT16: return 2;
    case BCF_BT_INT32: case BCF_BT_FLOAT: return 4;
    case 4: return 8;
    default: return 1;
    }
}

/// Reads a little-endian integer of a BCF integer type at p (inside the block).
static inline int64_t criba_bcf_integer_at(const uint8_t *p, int type) {
    switch (type) {
    case BCF_BT_INT8: return (int8_t)p[0];
    case BCF_BT_INT16: { int16_t v; memcpy(&v, p, 2); return v; }
    default: { int32_t v; memcpy(&v, p, 4); return v; }
    }
}

/// Decodes a type descriptor at *p (and the typed length that follows it when the
/// descriptor's count is 15). Sets *type and *count and advances *p.
/// Returns 0, or -1 when the descriptor runs past `end` or its length is malformed.
static inline int criba_bcf_descriptor(const uint8_t **p, const uint8_t *end, int *type, int64_t *count) {
    if (*p >= end) return -1;
    uint8_t descriptor = **p;
    (*p)++;
    *type = descriptor & 0x0f;
    int64_t n = descriptor >> 4;
    if (n == 15) {
        if (*p >= end) return -1;
        int lengthType = **p & 0x0f;  // the count nibble of a typed length is ignored, as htslib does
        int width = lengthType == BCF_BT_INT8 ? 1 : lengthType == BCF_BT_INT16 ? 2 : lengthType == BCF_BT_INT32 ? 4 : 0;
        if (width == 0) return -1;
        (*p)++;
        if (end - *p < width) return -1;
        n = criba_bcf_integer_at(*p, lengthType);
        *p += width;
        if (n < 0) return -1;
    }
    *count = n;
    return 0;
}

/// Decodes one typed integer (a descriptor of count 1 and an integer type, then the value).
static inline int criba_bcf_typed_key(const uint8_t **p, const uint8_t *end, int32_t *key) {
    if (*p >= end) return -1;
    int type = **p & 0x0f;  // the count nibble is ignored, as htslib does
    int width = type == BCF_BT_INT8 ? 1 : type == BCF_BT_INT16 ? 2 : type == BCF_BT_INT32 ? 4 : 0;
    if (width == 0) return -1;
    (*p)++;
    if (end - *p < width) return -1;
    *key = (int32_t)criba_bcf_integer_at(*p, type);
    *p += width;
    return 0;
}

/// True when `key` names a declared header line (FILTER/INFO/FORMAT dictionary).
static inline int criba_bcf_key_declared(const bcf_hdr_t *h, int32_t key) {
    return key >= 0 && key < h->n[BCF_DT_ID] && h->id[BCF_DT_ID][key].key != NULL;
}

/// Checks the shared and per-sample blocks of a freshly read record.
/// Returns 0 (errcode may carry content errors), or -1 when a block is too short or a
/// descriptor is malformed (the stream is corrupt).
static inline int criba_bcf_check_blocks(const bcf_hdr_t *h, bcf1_t *v) {
    uint32_t errors = 0;
    if (v->rid < 0 || v->rid >= h->n[BCF_DT_CTG] || h->id[BCF_DT_CTG][v->rid].key == NULL) errors |= BCF_ERR_CTG_INVALID;

    const uint8_t *p = (const uint8_t *)v->shared.s, *end = p + v->shared.l;
    int type;
    int64_t count;
    // ID: one character string.
    if (criba_bcf_descriptor(&p, end, &type, &count) != 0) return -1;
    if (type != BCF_BT_CHAR) errors |= BCF_ERR_TAG_INVALID;
    int width = criba_bcf_type_width(type);
    if ((uint64_t)(end - p) < (uint64_t)count * (uint64_t)width) return -1;
    p += count * width;
    // REF and ALTs: character strings, at least REF.
    if (v->n_allele < 1) errors |= BCF_ERR_TAG_UNDEF;
    int64_t referenceLength = 0;
    for (uint32_t allele = 0; allele < v->n_allele; allele++) {
        if (criba_bcf_descriptor(&p, end, &type, &count) != 0) return -1;
        if (type != BCF_BT_CHAR) errors |= BCF_ERR_CHAR;
        width = criba_bcf_type_width(type);
        if (allele == 0) referenceLength = count;
        if ((uint64_t)(end - p) < (uint64_t)count * (uint64_t)width) return -1;
        p += count * width;
    }
    // FILTER: a vector of declared ids.
    if (criba_bcf_descriptor(&p, end, &type, &count) != 0) return -1;
    if (count > 0) {
        width = criba_bcf_type_width(type);
        int isInteger = type == BCF_BT_INT8 || type == BCF_BT_INT16 || type == BCF_BT_INT32;
        if ((uint64_t)(end - p) < (uint64_t)count * (uint64_t)width) return -1;
        if (!isInteger) {
            errors |= BCF_ERR_TAG_INVALID;
        } else {
            for (int64_t i = 0; i < count; i++) {
                if (!criba_bcf_key_declared(h, (int32_t)criba_bcf_integer_at(p + i * width, type))) errors |= BCF_ERR_TAG_UNDEF;
            }
        }
        p += count * width;
    }
    // INFO: key, typed values.
    for (uint32_t field = 0; field < v->n_info; field++) {
        int32_t key;
        if (criba_bcf_typed_key(&p, end, &key) != 0) return -1;
        if (!criba_bcf_key_declared(h, key)) errors |= BCF_ERR_TAG_UNDEF;
        if (criba_bcf_descriptor(&p, end, &type, &count) != 0) return -1;
        width = criba_bcf_type_width(type);
        if (!criba_bcf_type_valid(type) || (type == BCF_BT_NULL && count > 0)) errors |= BCF_ERR_TAG_INVALID;
        if ((uint64_t)(end - p) < (uint64_t)count * (uint64_t)width) return -1;
        p += count * width;
    }
    // FORMAT: key, typed values for every sample.
    p = (const uint8_t *)v->indiv.s;
    end = p + v->indiv.l;
    for (uint32_t field = 0; field < v->n_fmt; field++) {
        int32_t key;
        if (criba_bcf_typed_key(&p, end, &key) != 0) return -1;
        if (!criba_bcf_key_declared(h, key)) errors |= BCF_ERR_TAG_UNDEF;
        if (criba_bcf_descriptor(&p, end, &type, &count) != 0) return -1;
        width = criba_bcf_type_width(type);
        if (!criba_bcf_type_valid(type) || (type == BCF_BT_NULL && count > 0)) errors |= BCF_ERR_TAG_INVALID;
        uint64_t bytes = (uint64_t)count * (uint64_t)width * (uint64_t)v->n_sample;
        if ((uint64_t)(end - p) < bytes) return -1;
        p += bytes;
    }
    if (errors == 0 && v->rlen < 0) v->rlen = referenceLength;
    v->errcode |= errors;
    return 0;
}

/// Reads the next record of a BCF file into v and checks it (see the file comment).
/// Files whose header subsets samples at read time go through bcf_read().
/// Returns 0; -1 at the end of the file; -2 when the stream is truncated or corrupt or the
/// record's blocks are malformed; -3 when the record is readable but v->errcode names
/// content errors (undeclared contig or tag, wrong type).
static inline int criba_bcf_read_record(htsFile *fp, const bcf_hdr_t *h, bcf1_t *v) {
    if (fp->format.format != bcf || h->keep_samples) {
        int status = bcf_read(fp, h, v);
        if (status == -2 && v->errcode != 0) return -3;
        return status;
    }
    BGZF *file = fp->fp.bgzf;
    uint8_t fixed[32];
    ssize_t got = bgzf_read(file, fixed, 32);
    if (got == 0) return -1;
    if (got != 32) return -2;
    bcf_clear(v);
    uint32_t sharedLength, indivLength, samplesAndFormats;
    int32_t rid, rlen;
    uint32_t position;
    uint16_t infoCount, alleleCount;
    memcpy(&sharedLength, fixed, 4);
    memcpy(&indivLength, fixed + 4, 4);
    memcpy(&rid, fixed + 8, 4);
    memcpy(&position, fixed + 12, 4);
    memcpy(&rlen, fixed + 16, 4);
    memcpy(&v->qual, fixed + 20, 4);
    memcpy(&infoCount, fixed + 24, 2);
    memcpy(&alleleCount, fixed + 26, 2);
    memcpy(&samplesAndFormats, fixed + 28, 4);
    if (sharedLength < 24) return -2;
    sharedLength -= 24;
    if (ks_resize(&v->shared, sharedLength ? sharedLength : 1) != 0) return -2;
    if (ks_resize(&v->indiv, indivLength ? indivLength : 1) != 0) return -2;
    v->rid = rid;
    v->pos = position == UINT32_MAX ? -1 : (hts_pos_t)position;
    v->rlen = rlen;
    v->n_info = infoCount;
    v->n_allele = alleleCount;
    v->n_sample = samplesAndFormats & 0xffffff;
    v->n_fmt = samplesAndFormats >> 24;
    v->shared.l = sharedLength;
    v->indiv.l = indivLength;
    // Records written by old bcf_subset versions carry FORMAT keys without samples.
    if ((indivLength == 0 || v->n_sample == 0) && v->n_fmt) v->n_fmt = 0;
    if (bgzf_read(file, v->shared.s, sharedLength) != (ssize_t)sharedLength) return -2;
    if (bgzf_read(file, v->indiv.s, indivLength) != (ssize_t)indivLength) return -2;
    if (criba_bcf_check_blocks(h, v) != 0) return -2;
    return v->errcode != 0 ? -3 : 0;
}

#endif
