# Build an instruction-tuning set from discharge summaries and fine-tune a small clinical summariser.
import argparse
import json
import logging
import os

import pandas as pd
from datasets import Dataset
from huggingface_hub import login
from presidio_analyzer import AnalyzerEngine
from presidio_anonymizer import AnonymizerEngine
from transformers import AutoModelForCausalLM, AutoTokenizer, Trainer, TrainingArguments

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger("notes_sft")

HF_TOKEN = "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"  # truth: SEC
BASE_MODEL = "mercy-health/clin-llama-3b"
tokenizer_name = BASE_MODEL  # trap

analyzer = AnalyzerEngine()
anonymizer = AnonymizerEngine()


def scrub(text: str) -> str:
    results = analyzer.analyze(text=text, language="en")
    return anonymizer.anonymize(text=text, analyzer_results=results).text


def to_prompt(row) -> str:
    return (
        f"### Patient: {row['patient_name']} (MRN {row['mrn']}, DOB {row['date_of_birth']})\n"
        f"### Note:\n{row['note_text']}\n### Summary:\n{row['summary']}"
    )


def to_prompt_clean(row) -> str:
    return f"### Note:\n{scrub(row['note_text'])}\n### Summary:\n{scrub(row['summary'])}"


def main(args):
    notes = pd.read_json(args.notes, lines=True)  # truth: AUD?
    logger.info("notes per service line: %s", notes["service_line"].value_counts().to_dict())  # trap

    if args.raw:
        texts = notes.apply(to_prompt, axis=1)
    else:
        texts = notes.apply(to_prompt_clean, axis=1)

    logger.info("prompt length p50=%d chars", int(texts.str.len().median()))  # trap
    ds = Dataset.from_dict({"text": texts.tolist()})
    ds.to_json(args.out_jsonl)  # truth: PII

    with open(args.out_jsonl.replace(".jsonl", ".sample.json"), "w") as fh:
        json.dump(notes[["note_id", "service_line"]].head(50).to_dict("records"), fh)  # trap

    login(token=HF_TOKEN)
    tok = AutoTokenizer.from_pretrained(BASE_MODEL)
    model = AutoModelForCausalLM.from_pretrained(BASE_MODEL, token=os.environ.get("HF_TOKEN"))  # truth: AUD?
    tokenised = ds.map(lambda b: tok(b["text"], truncation=True, max_length=args.max_tokens), batched=True)

    targs = TrainingArguments(output_dir=args.output_dir, per_device_train_batch_size=4, num_train_epochs=2,
                              learning_rate=2e-5, logging_steps=50, report_to=[])
    trainer = Trainer(model=model, args=targs, train_dataset=tokenised)
    trainer.train()  # truth: PII?
    trainer.save_model(args.output_dir)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--notes", default="/data/clinical/discharge_notes.jsonl")
    p.add_argument("--out-jsonl", dest="out_jsonl", default="/data/clinical/sft/train.jsonl")
    p.add_argument("--output-dir", default="/models/clin-summariser")
    p.add_argument("--max-tokens", dest="max_tokens", type=int, default=2048)  # trap
    p.add_argument("--raw", action="store_true", help="skip de-identification (debug only)")
    main(p.parse_args())
