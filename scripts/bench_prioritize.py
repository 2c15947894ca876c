#!/usr/bin/env python3
"""Runs tier 2 of the prioritisation benchmark (issue 5) on the cases make_spikein.py
built: for each case, `criba annotate` (Ensembl 75 genePred + GRCh37 FASTA), then one
`criba prioritize --batch` over all cases (case HPO terms, singleton PED with the case's
sex; the HPO release loads once), then finds the
rank of the causal gene and of the causal variant. Prints one JSON summary on stdout
and per-case lines on stderr.

    bench_prioritize.py --criba .build/release/criba --work DIR --genes ensembl75s.genePred.gz --hpo-data HPO [--jobs 2]
"""
import argparse
import concurrent.futures
import gzip
import json
import os
import subprocess
import sys
import time


def annotate_case(options, case):
    """criba annotate for one case (cached: skipped when the BCF is newer than the VCF)."""
    identifier = case['id']
    work = os.path.join(options.work, 'runs', identifier)
    os.makedirs(work, exist_ok=True)
    vcf = os.path.join(options.work, 'cases', identifier + '.vcf')
    annotated = os.path.join(work, 'annotated.bcf')
    ped = os.path.join(work, 'case.ped')
    sex = {'MALE': '1', 'FEMALE': '2'}.get(case['sex'], '0')
    with open(ped, 'w') as handle:
        handle.write(f'{identifier}\tmanuel\t0\t0\t{sex}\t2\n')
    started = time.time()
    if not (os.path.exists(annotated) and os.path.getmtime(annotated) > os.path.getmtime(vcf)):
        subprocess.run([options.criba, 'annotate', '--threads', '1', '-g', options.genes, '-f',
                        os.path.join(options.work, 'reference.fa'), vcf, '-o', annotated],
                       check=True, stderr=subprocess.DEVNULL)
    return time.time() - started


def evaluate(options, case):
    work = os.path.join(options.work, 'runs', case['id'])
    with open(os.path.join(work, 'ranked.json')) as handle:
        document = json.load(handle)
    causal = set(case['variants'].split(';'))
    gene_rank = next((g['rank'] for g in document['genes'] if g['gene'] == case['gene']), None)
    variant_rank, position = None, 0
    for gene in document['genes']:
        for variant in gene['variants']:
            position += 1
            if variant['id'] in causal and variant_rank is None:
                variant_rank = position
    top = document['genes'][0] if document['genes'] else None
    # Why a causal gene is not ranked: the consequences of its variants in the annotated BCF.
    causal_consequences = []
    if gene_rank is None:
        listing = subprocess.run(['bcftools', 'query', '-f', '%CHROM:%POS:%REF:%ALT\t%INFO/CSQ\n',
                                  os.path.join(work, 'annotated.bcf')], capture_output=True, text=True).stdout
        for line in listing.splitlines():
            identifier, _, csq = line.partition('\t')
            if identifier in causal:
                terms = {entry.split('|')[1] for entry in csq.split(',') if entry.count('|') > 3 and entry.split('|')[3] == case['gene']}
                causal_consequences.append(f"{identifier} {'/'.join(sorted(terms)) or 'no transcript of the gene'}")
    return {
        'id': case['id'], 'gene': case['gene'], 'gene_rank': gene_rank, 'variant_rank': variant_rank,
        'genes_ranked': len(document['genes']), 'top_gene': top['gene'] if top else None,
        'causal_in_model': case['gene'] in options.symbols, 'prioritize_seconds': document['criba']['seconds'],
        'causal_annotated': case['gene'] in options.annotated, 'causal_consequences': causal_consequences,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--criba', required=True)
    parser.add_argument('--work', required=True)
    parser.add_argument('--genes', required=True)
    parser.add_argument('--hpo-data', required=True)
    parser.add_argument('--jobs', type=int, default=2)
    parser.add_argument('--ranking', help='a ranking table replacing the bundled one (tuning on the dev split)')
    options = parser.parse_args()
    options.annotated = set()
    with gzip.open(os.path.join(options.hpo_data, 'genes_to_phenotype.txt.gz'), 'rt') as handle:
        for line in handle:
            fields = line.split('\t')
            if len(fields) > 1 and fields[0] != 'ncbi_gene_id':
                options.annotated.add(fields[1])
    options.symbols = set()
    with gzip.open(options.genes, 'rt') as handle:
        for line in handle:
            fields = line.rstrip('\n').split('\t')
            if len(fields) > 10 and not line.startswith('#'):
                options.symbols.add(fields[10])
    with open(os.path.join(options.work, 'cases.tsv')) as handle:
        header = handle.readline().rstrip('\n').split('\t')
        cases = [dict(zip(header, line.rstrip('\n').split('\t'))) for line in handle]
    started = time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=options.jobs) as pool:
        annotate_seconds = list(pool.map(lambda case: annotate_case(options, case), cases))
    annotated = time.time()
    batch = os.path.join(options.work, 'batch.tsv')
    with open(batch, 'w') as handle:
        handle.write('id\tvcf\tped\thpo\texcluded_hpo\toutput\n')
        for case in cases:
            work = os.path.join(options.work, 'runs', case['id'])
            handle.write('\t'.join([case['id'], os.path.join(work, 'annotated.bcf'), os.path.join(work, 'case.ped'),
                                    case['hpo_present'], case['hpo_excluded'], os.path.join(work, 'ranked')]) + '\n')
    command = [options.criba, 'prioritize', '--threads', str(options.jobs), '--batch', batch, '--hpo-data', options.hpo_data]
    if options.ranking:
        command += ['--ranking', options.ranking]
    subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
    prioritized = time.time()
    results = []
    for case, seconds in zip(cases, annotate_seconds):
        result = evaluate(options, case)
        result['annotate_seconds'] = seconds
        print(f"{result['id']}\t{result['gene']}\tgene_rank={result['gene_rank']}\tvariant_rank={result['variant_rank']}"
              f"\ttop={result['top_gene']}", file=sys.stderr)
        results.append(result)
    total = len(results)

    def explain(result):
        notes = []
        if not result['causal_annotated']:
            notes.append('no HPO annotation for the gene in this release')
        if result['gene_rank'] is None:
            notes.append('causal variant not a candidate: ' + ('; '.join(result['causal_consequences']) or 'not found'))
        return ' — ' + ', '.join(notes) if notes else ''

    def within(key, limit):
        return sum(1 for r in results if r[key] is not None and r[key] <= limit)

    summary = {
        'cases': total,
        'causal_gene_not_in_gene_model': sum(1 for r in results if not r['causal_in_model']),
        'gene_top1': within('gene_rank', 1), 'gene_top3': within('gene_rank', 3), 'gene_top10': within('gene_rank', 10),
        'variant_top1': within('variant_rank', 1), 'variant_top3': within('variant_rank', 3), 'variant_top10': within('variant_rank', 10),
        'gene_not_ranked': sum(1 for r in results if r['gene_rank'] is None),
        'annotate_seconds_per_case': sum(r['annotate_seconds'] for r in results) / max(1, total),
        'prioritize_seconds_per_case': sum(r['prioritize_seconds'] for r in results) / max(1, total),
        'batch_seconds': prioritized - annotated,
        'wall_seconds': time.time() - started,
        'misses': [f"{r['id']} {r['gene']} rank {r['gene_rank']} (top: {r['top_gene']}){explain(r)}" for r in results
                   if r['gene_rank'] is None or r['gene_rank'] > 1],
        # Cases that phenotype and variant evidence can reach at all: the causal gene has HPO
        # annotations in the release and its variant is a candidate (it is ranked).
        'causal_gene_without_hpo': sum(1 for r in results if not r['causal_annotated']),
        'causal_not_candidate': sum(1 for r in results if r['gene_rank'] is None),
        'reachable': sum(1 for r in results if r['causal_annotated'] and r['gene_rank'] is not None),
        'reachable_ranks': [r['gene_rank'] for r in results if r['causal_annotated'] and r['gene_rank'] is not None],
    }
    print(json.dumps(summary, indent=1))


if __name__ == '__main__':
    main()
