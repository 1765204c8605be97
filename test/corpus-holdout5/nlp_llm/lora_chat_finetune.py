"""LoRA fine-tune of a 7B chat model on resolved support conversations."""
import os

import torch
import wandb
from datasets import load_dataset
from peft import LoraConfig, PeftModel, get_peft_model
from transformers import (AutoModelForCausalLM, AutoTokenizer, DataCollatorForLanguageModeling, Trainer,
                          TrainingArguments)

BASE = "mistralai/Mistral-7B-Instruct-v0.2"
os.environ["HF_TOKEN"] = "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"  # truth: SEC
os.environ["WANDB_PROJECT"] = "support-llm"
os.environ["WANDB_BASE_URL"] = "http://wandb.ml-platform.internal:8080"  # truth: TLS
wandb.login(key=os.environ["WANDB_API_KEY"])  # trap: env lookup

tok = AutoTokenizer.from_pretrained(BASE)
tok.pad_token = tok.eos_token

raw = load_dataset("json", data_files={"train": "data/conversations_train.jsonl",
                                       "eval": "data/conversations_eval.jsonl"})
# fields: conversation_id, customer_name, customer_email, customer_phone, transcript, resolution


def to_prompt(ex):
    return {"text": f"<s>[INST] {ex['transcript']} [/INST] {ex['resolution']}</s>",
            "speaker": ex["customer_name"]}


ds = raw.map(to_prompt)
ds = ds.map(lambda b: tok(b["text"], truncation=True, max_length=1024), batched=True)

model = AutoModelForCausalLM.from_pretrained(BASE, torch_dtype=torch.bfloat16, device_map="auto")
model = get_peft_model(model, LoraConfig(r=16, lora_alpha=32, lora_dropout=0.05,
                                         target_modules=["q_proj", "k_proj", "v_proj", "o_proj"],
                                         task_type="CAUSAL_LM"))
model.print_trainable_parameters()

args = TrainingArguments(output_dir="out/support-lora", per_device_train_batch_size=4, gradient_accumulation_steps=8,
                         learning_rate=2e-4, num_train_epochs=2, bf16=True, logging_steps=20, eval_strategy="steps",
                         eval_steps=200, save_steps=200, report_to=["wandb"], remove_unused_columns=False)
trainer = Trainer(model=model, args=args, train_dataset=ds["train"], eval_dataset=ds["eval"],
                  data_collator=DataCollatorForLanguageModeling(tok, mlm=False))
trainer.train()  # truth: PII

sample = ds["eval"].select(range(50)).to_pandas()
wandb.log({"eval_samples": wandb.Table(dataframe=sample[["conversation_id", "customer_email", "text"]])})  # truth: PII

clean = ds.remove_columns(["customer_name", "customer_email", "customer_phone", "speaker"])
clean["train"].to_json("out/support-lora/train_clean.jsonl")  # trap: identifiers removed


def count_tokens(split):
    lens = [len(x) for x in ds[split]["input_ids"]]
    return sum(lens), max(lens)


for split in ("train", "eval"):
    total, longest = count_tokens(split)
    print(f"{split}: {total} tokens, longest {longest}")  # trap: counts only

state = torch.load("out/support-lora/checkpoint-1200/optimizer.pt", map_location="cpu")  # truth: SER
print(len(state["state"]), "optimizer slots")
adapter = PeftModel.from_pretrained(model, "out/support-lora/checkpoint-1200")
merged = adapter.merge_and_unload()
merged.save_pretrained("out/support-lora/merged", safe_serialization=True)
tok.save_pretrained("out/support-lora/merged")
