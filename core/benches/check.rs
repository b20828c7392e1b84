//! The whole check on the shared benchmark corpus, beside `serde_json::from_str::<Value>` of
//! the same text (the floor), in one run.
//!
//! `cargo bench -p smsrules --bench check` reads `bench/corpus/corpus.jsonl` and
//! `context.json` (written by `python3 bench/corpus/generate.py`; `SMSRULES_CORPUS=DIR`
//! points elsewhere). Without them it builds an equivalent deterministic corpus in Rust
//! (same shape, fixed seed, not byte-identical) and says so.
//!
//! Criterion measures each entry point over the whole corpus. Then an interleaved pass
//! (every implementation once per round over the corpus, rotating the order, median of
//! `SMSRULES_BENCH_ROUNDS` rounds, 9 by default) prints a markdown table of µs per item and
//! the ratios to the floor; interleaving keeps the ratios honest on a loaded machine.
//! `SMSRULES_BENCH_ONLY=NAME` runs only that implementation, `SMSRULES_BENCH_PASSES` times
//! (for `perf` or `valgrind --tool=callgrind`), and prints nothing else.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

// The shared-context table shows medians only.
#[allow(dead_code)]
#[path = "support/rounds.rs"]
mod rounds;

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput};
use serde_json::Value;
use smsrules::phone::{check_e164, PhoneCheck};
use smsrules::{check, check_json, fingerprint, segments, Body, Document};

/// The corpus and everything derived from it, built before any timing.
struct Corpus {
    /// Where it came from (for the report).
    origin: String,
    /// One request body per line, as text.
    lines: Vec<String>,
    /// The same bodies, parsed.
    bodies: Vec<Value>,
    /// The context every request is checked against.
    context: Value,
    /// `{"request": body}` documents for `check_json`.
    documents: Vec<String>,
    /// `{"request": body, "context": context}` documents for `check_json`.
    documents_with_context: Vec<String>,
    /// Typed documents: parsed body and context (built on first use, so that a profile of
    /// one implementation does not see the others' set-up).
    value_documents: OnceLock<Vec<Document>>,
    /// Typed documents: body text and parsed context (what `smsrules batch` builds).
    text_documents: OnceLock<Vec<Document>>,
    /// Every string `agent_message` of the corpus.
    messages: Vec<String>,
    /// Every `user_number` of the corpus that starts with `+` (mixed countries).
    numbers: Vec<String>,
}

impl Corpus {
    fn load() -> Corpus {
        let dir = std::env::var_os("SMSRULES_CORPUS")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../bench/corpus"));
        let (origin, lines, context) = match (
            std::fs::read_to_string(dir.join("corpus.jsonl")),
            std::fs::read_to_string(dir.join("context.json")),
        ) {
            (Ok(text), Ok(context)) => (
                format!("{}", dir.join("corpus.jsonl").display()),
                text.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(str::to_owned)
                    .collect(),
                serde_json::from_str(&context).expect("context.json is JSON"),
            ),
            _ => {
                eprintln!(
                    "no corpus at {} (run `python3 bench/corpus/generate.py`): using the built-in generator",
                    dir.display()
                );
                let (lines, context) = fallback::generate(20_000);
                (
                    "built-in generator (20,000 requests, seed 20261127)".to_owned(),
                    lines,
                    context,
                )
            }
        };
        if let Ok(limit) = std::env::var("SMSRULES_BENCH_LIMIT") {
            let limit: usize = limit.parse().expect("SMSRULES_BENCH_LIMIT is a count");
            return Corpus::from_parts(origin, lines.into_iter().take(limit).collect(), context);
        }
        Corpus::from_parts(origin, lines, context)
    }

    fn from_parts(origin: String, lines: Vec<String>, context: Value) -> Corpus {
        let bodies: Vec<Value> = lines
            .iter()
            .map(|l| serde_json::from_str(l).expect("corpus lines are JSON"))
            .collect();
        let context_text = context.to_string();
        let documents = lines.iter().map(|l| format!(r#"{{"request":{l}}}"#)).collect();
        let documents_with_context = lines
            .iter()
            .map(|l| format!(r#"{{"request":{l},"context":{context_text}}}"#))
            .collect();
        let strings = |field: &str| -> Vec<String> {
            bodies
                .iter()
                .filter_map(|b| b.get(field).and_then(Value::as_str).map(str::to_owned))
                .collect()
        };
        let messages = strings("agent_message");
        let numbers = strings("user_number")
            .into_iter()
            .filter(|n| n.starts_with('+'))
            .collect();
        Corpus {
            origin,
            lines,
            bodies,
            context,
            documents,
            documents_with_context,
            value_documents: OnceLock::new(),
            text_documents: OnceLock::new(),
            messages,
            numbers,
        }
    }

    fn with_context(&self, request: Body) -> Document {
        let mut doc = Document::new(request);
        doc = doc.with_context(Some(self.context.clone()));
        doc
    }

    fn value_documents(&self) -> &[Document] {
        self.value_documents.get_or_init(|| {
            self.bodies
                .iter()
                .map(|b| self.with_context(Body::Value(b.clone())))
                .collect()
        })
    }

    fn text_documents(&self) -> &[Document] {
        self.text_documents.get_or_init(|| {
            self.lines
                .iter()
                .map(|l| self.with_context(Body::Text(l.clone())))
                .collect()
        })
    }
}

/// One measured implementation: a pass over its items returns a checksum (kept from the
/// optimiser) and the item count.
struct Implementation {
    name: &'static str,
    what: &'static str,
    /// Name of the floor it is compared with, if any.
    floor: Option<&'static str>,
    run: fn(&Corpus) -> usize,
    items: fn(&Corpus) -> usize,
}

fn implementations() -> Vec<Implementation> {
    vec![
        Implementation {
            name: "serde_json_body",
            what: "`serde_json::from_str::<Value>` of the body line (floor)",
            floor: None,
            run: |c| c.lines.iter().map(|l| parse(l)).sum(),
            items: |c| c.lines.len(),
        },
        Implementation {
            name: "serde_json_document",
            what: "`serde_json::from_str::<Value>` of `{\"request\": body}` (floor)",
            floor: None,
            run: |c| c.documents.iter().map(|d| parse(d)).sum(),
            items: |c| c.documents.len(),
        },
        Implementation {
            name: "serde_json_document_with_context",
            what: "`serde_json::from_str::<Value>` of `{\"request\": body, \"context\": …}` (floor)",
            floor: None,
            run: |c| c.documents_with_context.iter().map(|d| parse(d)).sum(),
            items: |c| c.documents_with_context.len(),
        },
        Implementation {
            name: "check_json_document",
            what: "`check_json` of `{\"request\": body}`: parse, validate, resolve, envelope text",
            floor: Some("serde_json_document"),
            run: |c| c.documents.iter().map(|d| check_json(black_box(d)).len()).sum(),
            items: |c| c.documents.len(),
        },
        Implementation {
            name: "check_json_document_with_context",
            what: "`check_json` of `{\"request\": body, \"context\": …}`",
            floor: Some("serde_json_document_with_context"),
            run: |c| {
                c.documents_with_context
                    .iter()
                    .map(|d| check_json(black_box(d)).len())
                    .sum()
            },
            items: |c| c.documents_with_context.len(),
        },
        Implementation {
            name: "check_value_with_context",
            what: "`check` of a parsed body with the parsed context (typed outcome)",
            floor: Some("serde_json_body"),
            run: |c| {
                c.value_documents()
                    .iter()
                    .map(|d| outcome_size(&check(black_box(d))))
                    .sum()
            },
            items: |c| c.value_documents().len(),
        },
        Implementation {
            name: "check_text_with_context",
            what: "`check` of the body text with the parsed context (as `smsrules batch` does)",
            floor: Some("serde_json_body"),
            run: |c| {
                c.text_documents()
                    .iter()
                    .map(|d| outcome_size(&check(black_box(d))))
                    .sum()
            },
            items: |c| c.text_documents().len(),
        },
        Implementation {
            name: "fingerprint",
            what: "`fingerprint` (RFC 8785 + SHA-256) of the parsed body",
            floor: Some("serde_json_body"),
            run: |c| c.bodies.iter().map(|b| fingerprint(black_box(b)).len()).sum(),
            items: |c| c.bodies.len(),
        },
        Implementation {
            name: "segments",
            what: "`segments` of each `agent_message`",
            floor: None,
            run: |c| c.messages.iter().map(|m| segments(black_box(m)).units).sum(),
            items: |c| c.messages.len(),
        },
        Implementation {
            name: "phone_valid_mixed",
            what: "`phone::check_e164(_, Valid)` of each `+` user_number (mixed countries)",
            floor: None,
            run: |c| {
                c.numbers
                    .iter()
                    .filter(|n| check_e164(black_box(n), PhoneCheck::Valid).is_ok())
                    .count()
            },
            items: |c| c.numbers.len(),
        },
    ]
}

fn parse(text: &str) -> usize {
    match serde_json::from_str::<Value>(black_box(text)).unwrap() {
        Value::Object(map) => map.len(),
        _ => 0,
    }
}

fn outcome_size(outcome: &smsrules::Outcome) -> usize {
    outcome.errors.len() + outcome.warnings.len() + usize::from(outcome.plan.is_some())
}

fn criterion_benches(c: &mut Criterion, corpus: &Corpus) {
    let mut group = c.benchmark_group("check");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    for implementation in implementations() {
        group.throughput(Throughput::Elements((implementation.items)(corpus) as u64));
        group.bench_function(implementation.name, |b| b.iter(|| (implementation.run)(corpus)));
    }
    group.finish();
}

/// The interleaved pass: median µs per item of every implementation, then the ratio table.
fn ratio_table(corpus: &Corpus) {
    let rounds = rounds::rounds();
    let all = implementations();
    let runs: Vec<fn(&Corpus) -> usize> = all.iter().map(|i| i.run).collect();
    let timings = rounds::interleaved(corpus, &runs, |index| (all[index].items)(corpus), rounds);
    let medians: Vec<f64> = timings.iter().map(|t| t.median).collect();
    let median_of = |name: &str| all.iter().position(|i| i.name == name).map(|i| medians[i]);
    println!();
    println!(
        "Rust core: {} requests from {}; median of {rounds} interleaved rounds",
        corpus.lines.len(),
        corpus.origin
    );
    println!();
    println!("| implementation | what | items | µs per item | ratio to floor |");
    println!("|---|---|---:|---:|---:|");
    for (implementation, micros) in all.iter().zip(&medians) {
        let ratio = implementation.floor.and_then(median_of).map_or("".to_owned(), |floor| {
            format!("{:.2}× `{}`", micros / floor, implementation.floor.unwrap_or(""))
        });
        println!(
            "| `{}` | {} | {} | {:.3} | {} |",
            implementation.name,
            implementation.what,
            (implementation.items)(corpus),
            micros,
            ratio
        );
    }
    let valid = corpus.value_documents().iter().filter(|d| check(d).is_valid()).count();
    println!();
    println!(
        "{valid} of {} requests are valid against the context; body lines are {} bytes on average.",
        corpus.lines.len(),
        corpus.lines.iter().map(String::len).sum::<usize>() / corpus.lines.len().max(1)
    );
}

/// The passes a profile looks at (`valgrind --tool=callgrind --collect-atstart=no
/// --toggle-collect=check::profiled_passes`), kept out of line so the name survives.
#[inline(never)]
fn profiled_passes(implementation: &Implementation, corpus: &Corpus, passes: usize) {
    for _ in 0..passes {
        black_box((implementation.run)(corpus));
    }
}

fn main() {
    let corpus = Corpus::load();
    if let Ok(only) = std::env::var("SMSRULES_BENCH_ONLY") {
        let passes: usize = std::env::var("SMSRULES_BENCH_PASSES")
            .ok()
            .and_then(|p| p.parse().ok())
            .unwrap_or(1);
        let implementation = implementations()
            .into_iter()
            .find(|i| i.name == only)
            .unwrap_or_else(|| panic!("no implementation named {only}"));
        // Build the inputs (lazy documents) before the profiled passes.
        black_box((implementation.items)(&corpus));
        profiled_passes(&implementation, &corpus, passes);
        return;
    }
    let mut criterion = Criterion::default().configure_from_args();
    criterion_benches(&mut criterion, &corpus);
    criterion.final_summary();
    // `cargo test --benches` runs this without `--bench`: criterion then runs each routine
    // once as a test, and the timed table is skipped.
    if std::env::args().any(|a| a == "--bench") {
        ratio_table(&corpus);
    }
}

/// A deterministic corpus of the same shape as `bench/corpus/generate.py` writes, for
/// machines without Python: realistic requests over 50+ countries, ~75 % valid, the rest
/// with 1–3 typical mistakes, most with nested metadata.
mod fallback {
    use serde_json::{json, Map, Value};

    /// SplitMix64: tiny, fixed, and the same on every platform.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        fn chance(&mut self, p: f64) -> bool {
            (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
        }
        fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
            &items[self.below(items.len())]
        }
        fn weighted<'a, T>(&mut self, items: &'a [(T, usize)]) -> &'a T {
            let total: usize = items.iter().map(|(_, w)| w).sum();
            let mut target = self.below(total);
            for (item, weight) in items {
                if target < *weight {
                    return item;
                }
                target -= weight;
            }
            &items[0].0
        }
        fn digits(&mut self, n: usize) -> String {
            (0..n).map(|_| char::from(b'0' + self.below(10) as u8)).collect()
        }
        fn hex(&mut self, n: usize) -> String {
            (0..n)
                .map(|_| char::from(b"0123456789abcdef"[self.below(16)]))
                .collect()
        }
    }

    /// libphonenumber's example mobile numbers (PhoneNumberMetadata.xml, Apache-2.0) with
    /// traffic weights; the last four digits are redrawn, which keeps them valid.
    const MOBILES: [(&str, usize); 52] = [
        ("+12015550123", 12),
        ("+15062345678", 4),
        ("+447400123456", 4),
        ("+4915123456789", 1),
        ("+33612345678", 1),
        ("+34612345678", 1),
        ("+393123456789", 1),
        ("+31612345678", 1),
        ("+32450001234", 1),
        ("+41781234567", 1),
        ("+43664123456", 1),
        ("+46701234567", 1),
        ("+4740612345", 1),
        ("+4534412345", 1),
        ("+358412345678", 1),
        ("+353850123456", 1),
        ("+351912345678", 1),
        ("+48512345678", 1),
        ("+420601123456", 1),
        ("+306912345678", 1),
        ("+36201234567", 1),
        ("+40712034567", 1),
        ("+905012345678", 1),
        ("+972502345678", 1),
        ("+971501234567", 1),
        ("+966512345678", 1),
        ("+918123456789", 4),
        ("+923012345678", 1),
        ("+8801812345678", 1),
        ("+8613123456789", 1),
        ("+819012345678", 1),
        ("+821020000000", 1),
        ("+6581234567", 1),
        ("+60123456789", 1),
        ("+66812345678", 1),
        ("+84912345678", 1),
        ("+639051234567", 1),
        ("+62812345678", 1),
        ("+61412345678", 4),
        ("+64211234567", 1),
        ("+27711234567", 1),
        ("+2348021234567", 1),
        ("+254712123456", 1),
        ("+201001234567", 1),
        ("+212650123456", 1),
        ("+5511961234567", 4),
        ("+522221234567", 1),
        ("+5491123456789", 1),
        ("+56221234567", 1),
        ("+573211234567", 1),
        ("+51912345678", 1),
        ("+380501234567", 1),
    ];
    const AGENT: &str = "+14155550000";
    const PERSONA_ID: &str = "6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b";
    const NAMES: [&str; 8] = ["Dana", "Luis", "Aiko", "Priya", "Tom", "Zanele", "Mateo", "Olga"];
    const MESSAGES: [&str; 5] = [
        "Hi {name}, your order {order} has shipped and should arrive on Thursday. Reply STOP to opt out.",
        "{name}, your table for 4 is confirmed for 7:30pm tonight. Reply C to cancel.",
        "Your verification code is {order}. It expires in 10 minutes.",
        "Hi {name}! Your parcel {order} is out for delivery today between 14:00 and 16:00.",
        "{name}, we could not deliver {order}. Choose a new slot: https://example.com/s/{order}",
    ];
    const UNICODE_MESSAGES: [&str; 4] = [
        "Hola {name}, tu pedido {order} llegará el jueves 🚚",
        "{name}さん、ご注文 {order} を発送しました。",
        "Привет, {name}! Ваш заказ {order} уже в пути.",
        "Hi {name} 👋 your order {order} is on its way! 🎉",
    ];
    const WEBHOOKS: [&str; 3] = [
        "https://hooks.example.com/orders",
        "https://api.example.org/v2/sms/events",
        "https://example.net/hooks/sms?team=ops",
    ];
    const DISPOSITIONS: [&str; 6] = [
        "delivered",
        "rescheduled",
        "cancelled",
        "no_answer",
        "resolved",
        "escalated",
    ];

    fn context() -> Value {
        json!({
            "now": "2026-11-27T12:00:00Z",
            "account": {"numbers": [AGENT, "+14155550001", "+442071838750"]},
            "number": {
                "phone_number": AGENT,
                "sms_config": {
                    "webhook": "https://hooks.example.com/sms", "time_out": 3600,
                    "objective": "Answer questions about orders and deliveries",
                    "pathway_id": "pw_orders", "pathway_version": 7,
                    "disposition_ids": ["resolved", "escalated"],
                    "request_data": {"brand": "Northwind", "locale": "en-US"}
                },
                "whatsapp_config": {
                    "webhook": "https://hooks.example.com/whatsapp", "time_out": 86400,
                    "objective": "Answer questions about orders and deliveries"
                },
                "imessage_config": null
            },
            "persona": {
                "id": PERSONA_ID,
                "production": {
                    "webhook": "https://hooks.example.com/concierge", "time_out": 7200,
                    "timeout_message": "We'll keep your request open. Text us anytime!",
                    "objective": "Book and change delivery slots", "pathway_id": "pw_delivery",
                    "pathway_version": 12, "start_node_id": "greeting",
                    "citation_schema_ids": ["delivery_slot"]
                },
                "draft": {"objective": "Book delivery slots (draft)", "pathway_id": "pw_delivery", "pathway_version": 13},
                "number_settings": null
            }
        })
    }

    fn user_number(rng: &mut Rng) -> String {
        let base = rng.weighted(&MOBILES);
        format!("{}{}", &base[..base.len() - 4], rng.digits(4))
    }

    fn order(rng: &mut Rng) -> String {
        format!("NW-{}", 100_000 + rng.below(900_000))
    }

    fn fill(rng: &mut Rng, template: &str) -> String {
        let name = *rng.pick(&NAMES);
        template.replace("{name}", name).replace("{order}", &order(rng))
    }

    fn metadata(rng: &mut Rng) -> Value {
        let items: Vec<Value> = (0..1 + rng.below(3))
            .map(|_| json!({"sku": format!("SKU-{}", rng.digits(4)), "qty": 1 + rng.below(4), "price": (200 + rng.below(11_800)) as f64 / 100.0}))
            .collect();
        let mut data = json!({
            "order": {"id": order(rng), "currency": rng.pick(&["EUR", "USD", "GBP"]), "items": items},
            "customer": {"tier": rng.pick(&["standard", "gold", "platinum"]), "tags": [rng.pick(&["vip", "new"]), rng.pick(&["b2b", "returning"])]},
            "source": rng.pick(&["web", "app", "pos", "crm"])
        });
        if rng.chance(0.3) {
            data["trace"] =
                json!({"campaign": {"id": format!("cmp_{}", rng.below(1000)), "variant": rng.pick(&["A", "B", "C"])}});
        }
        data
    }

    fn valid(rng: &mut Rng) -> Map<String, Value> {
        let mut body = Map::new();
        body.insert("user_number".into(), user_number(rng).into());
        body.insert("agent_number".into(), AGENT.into());
        let kind = *rng.weighted(&[
            ("text", 40),
            ("unicode", 10),
            ("template", 15),
            ("persona", 15),
            ("pathway", 10),
            ("new", 10),
        ]);
        match kind {
            "unicode" => {
                let template = *rng.pick(&UNICODE_MESSAGES);
                let m = fill(rng, template);
                body.insert("agent_message".into(), m.into());
            }
            "template" => {
                body.insert("channel".into(), "whatsapp".into());
                body.insert("content_sid".into(), format!("HX{}", rng.hex(32)).into());
                let vars = json!({"1": rng.pick(&NAMES), "2": "Thursday", "3": order(rng)});
                body.insert("content_variables".into(), vars);
            }
            "persona" => {
                body.insert("persona_id".into(), PERSONA_ID.into());
                if rng.chance(0.3) {
                    body.insert("persona_version".into(), "draft".into());
                }
                let node = rng.pick(&["greeting", "reschedule", "confirm"]);
                body.insert("persona_settings".into(), json!({"start_node_id": node}));
            }
            _ => {
                let template = *rng.pick(&MESSAGES);
                let m = fill(rng, template);
                body.insert("agent_message".into(), m.into());
            }
        }
        if kind == "pathway" {
            body.insert(
                "pathway_id".into(),
                rng.pick(&["pw_orders", "pw_returns"]).to_string().into(),
            );
            body.insert("pathway_version".into(), (1 + rng.below(19)).into());
            body.insert("start_node_id".into(), "start".into());
            let data = json!({"customer": {"name": rng.pick(&NAMES), "city": "Lisbon"}, "attempt": 1 + rng.below(3)});
            body.insert("request_data".into(), data);
        }
        if kind == "new" {
            body.insert("new_conversation".into(), true.into());
            let data = json!({"order_id": order(rng), "eta_days": 1 + rng.below(6)});
            body.insert("request_data".into(), data);
        }
        if rng.chance(0.8) {
            body.insert("metadata".into(), metadata(rng));
        }
        if rng.chance(0.35) {
            body.insert("webhook".into(), rng.pick(&WEBHOOKS).to_string().into());
        }
        if rng.chance(0.3) {
            let time_out = *rng.pick(&[600, 900, 1800, 3600, 86400]);
            body.insert("time_out".into(), time_out.into());
            if rng.chance(0.5) {
                body.insert("warning_time".into(), (time_out / 2).into());
                body.insert(
                    "warning_message".into(),
                    "Are you still there? Reply to keep this chat open.".into(),
                );
            }
        }
        if rng.chance(0.25) {
            let ids: Vec<&str> = (0..1 + rng.below(3))
                .map(|k| DISPOSITIONS[k * 2 + rng.below(2)])
                .collect();
            body.insert("disposition_ids".into(), json!(ids));
        }
        body
    }

    fn mistake(rng: &mut Rng, body: &mut Map<String, Value>) {
        let number = body
            .get("user_number")
            .and_then(Value::as_str)
            .map_or_else(|| user_number(rng), str::to_owned);
        let chosen = *rng.weighted(&[
            (0, 8),
            (1, 6),
            (2, 4),
            (3, 3),
            (4, 2),
            (5, 2),
            (6, 3),
            (7, 3),
            (8, 4),
            (9, 4),
            (10, 5),
            (11, 3),
            (12, 2),
            (13, 6),
        ]);
        match chosen {
            0 => {
                let national = format!("{} {} {}", &number[..4], &number[4..7], &number[7..]);
                body.insert("user_number".into(), national.into());
            }
            1 => {
                body.insert("user_number".into(), number.trim_start_matches('+').into());
            }
            2 => {
                body.insert("user_number".into(), number[..number.len() - 3].into());
            }
            3 => {
                body.insert("user_number".into(), format!("{number}123").into());
            }
            4 => {
                body.insert(
                    "user_number".into(),
                    format!("+999{}", &number[number.len() - 8..]).into(),
                );
            }
            5 => {
                body.remove("user_number");
            }
            6 => {
                body.insert("agent_number".into(), "+14155559999".into());
            }
            7 => {
                body.remove("content_sid");
                body.remove("content_variables");
                let long = format!("Your order update: {} ", fill(rng, MESSAGES[0])).repeat(20);
                body.insert("agent_message".into(), long.into());
            }
            8 => {
                body.insert("time_out".into(), "600".into());
                body.remove("warning_time");
            }
            9 => {
                body.insert("time_out".into(), 600.into());
                body.insert("warning_time".into(), 900.into());
            }
            10 => {
                let url = rng.pick(&[
                    "http://hooks.example.com/sms",
                    "https://localhost:8443/hook",
                    "https://10.0.0.12/hook",
                ]);
                body.insert("webhook".into(), url.to_string().into());
            }
            11 => {
                body.insert("channel".into(), rng.pick(&["SMS", "telegram"]).to_string().into());
            }
            12 => {
                body.insert("disposition_ids".into(), json!(["delivered", ""]));
            }
            _ => {
                let value = body.remove("time_out").unwrap_or_else(|| "x".into());
                body.insert("timeout".into(), value);
            }
        }
    }

    /// `count` body lines (compact JSON) and the context.
    pub fn generate(count: usize) -> (Vec<String>, Value) {
        let mut rng = Rng(20_261_127);
        let lines = (0..count)
            .map(|_| {
                let mut body = valid(&mut rng);
                if !rng.chance(0.75) {
                    for _ in 0..*rng.weighted(&[(1, 70), (2, 22), (3, 8)]) {
                        mistake(&mut rng, &mut body);
                    }
                }
                Value::Object(body).to_string()
            })
            .collect();
        (lines, context())
    }
}
