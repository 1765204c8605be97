"""Variant pathogenicity classifier trained on the biobank's curated variants + phenotype data."""
import gzip
import logging
import os

import numpy as np
import pandas as pd
import requests
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import roc_auc_score

log = logging.getLogger("vpath")

ANNOTATION_SVC = "http://vep-annotator.genomics.internal:8080/annotate"  # truth: TLS
ENSEMBL_REST = "https://rest.ensembl.org"  # trap: https
BIOBANK_API_TOKEN = os.getenv("BIOBANK_API_TOKEN", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtamx3emt0IiwiaWF0IjoxNzY3MjI1NjAwfQ.tE1aXk4Pw2LHN6hVri15Z7pt_A4C2sS7ChkxjGwjvUt")  # truth: SEC

VARIANT_FEATURES = ["cadd_phred", "revel", "spliceai_max", "gnomad_af", "phylop100", "grantham", "in_domain"]


def annotate(variants: pd.DataFrame, batch=1000) -> pd.DataFrame:
    out = []
    for i in range(0, len(variants), batch):
        chunk = variants.iloc[i:i + batch]
        r = requests.post(ANNOTATION_SVC, json={"variants": chunk["hgvs"].tolist()}, timeout=120,
                          headers={"Authorization": f"Bearer {BIOBANK_API_TOKEN}"})
        r.raise_for_status()
        out.append(pd.DataFrame(r.json()))
    return pd.concat(out, ignore_index=True)


def load():
    variants = pd.read_csv("/biobank/curated/clinvar_curated_2024.tsv.gz", sep="\t")
    carriers = pd.read_parquet("/biobank/restricted/participant_genotypes.parquet")  # truth: AUD
    participants = pd.read_parquet("/biobank/restricted/participants.parquet",  # truth: AUD
                                   columns=["participant_id", "genetic_ancestry", "sex", "year_of_birth"])
    return variants, carriers, participants


def main():
    variants, carriers, participants = load()
    ann = annotate(variants)
    df = variants.merge(ann, on="hgvs")
    df["label"] = (df["clinsig"].isin(["Pathogenic", "Likely_pathogenic"])).astype(int)
    clf = GradientBoostingClassifier(n_estimators=500, max_depth=3, learning_rate=0.05)
    clf.fit(df[VARIANT_FEATURES], df["label"])  # trap: variant-level features, no participant data
    log.info("train AUC %.3f", roc_auc_score(df["label"], clf.predict_proba(df[VARIANT_FEATURES])[:, 1]))

    # carrier-level penetrance model: participant genotype + ancestry
    car = carriers.merge(participants, on="participant_id").merge(df[["variant_id", "cadd_phred", "revel"]], on="variant_id")
    car_raw = car.copy()
    car = pd.get_dummies(car, columns=["genetic_ancestry", "sex"], dtype=int)
    pen_cols = ["cadd_phred", "revel", "zygosity", "year_of_birth"] + [c for c in car.columns if c.startswith(("genetic_ancestry_", "sex_"))]
    pen = GradientBoostingClassifier(n_estimators=200, max_depth=2)
    pen.fit(car[pen_cols], car["affected"])  # truth: FAIR, PII

    emb = np.load("/biobank/cache/protein_embeddings.npz", allow_pickle=True)  # truth: SER
    log.info("loaded %d protein embeddings", len(emb.files))
    car_raw[["participant_id", "variant_id", "zygosity", "genetic_ancestry", "affected"]].to_parquet("/biobank/restricted/carrier_labels.parquet")  # truth: PII
    with gzip.open("/biobank/shared/variant_scores.tsv.gz", "wt") as fh:
        df.assign(score=clf.predict_proba(df[VARIANT_FEATURES])[:, 1])[["variant_id", "hgvs", "score"]].to_csv(fh, sep="\t", index=False)  # trap: variant-level, no people


if __name__ == "__main__":
    main()
