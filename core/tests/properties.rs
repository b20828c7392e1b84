//! Laws of resolution (docs/src/resolution.md), checked on generated inputs: a request value always wins
//! for the fields it sets, empty layers change nothing, the pathway follows a naive model of
//! docs/src/resolution.md#pathway, and every answer is deterministic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code"
)]

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use smsrules::{check, Body, Document, PreparedContext};

const USER: &str = "+14155552671";
const AGENT: &str = "+14155550000";
const PERSONA: &str = "6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b";

fn run(request: Value, context: Value) -> Value {
    let doc = Document::new(Body::Value(request.clone())).with_context(context.clone());
    let outcome = check(&doc);
    // `judge` skips the plan, never an issue.
    let judgement = smsrules::judge(&doc);
    assert_eq!(
        (&judgement.errors, &judgement.warnings),
        (&outcome.errors, &outcome.warnings)
    );
    // A prepared context answers exactly as the same context given per document.
    let prepared = Document::new(Body::Value(request))
        .with_prepared_context(std::sync::Arc::new(PreparedContext::new(context, &[])));
    assert_eq!(check(&prepared), outcome);
    // The envelope written as text directly is the outcome's text.
    assert_eq!(smsrules::check_to_json(&prepared), outcome.to_json());
    outcome.to_value()
}

fn plan_without_fingerprint(envelope: &Value) -> Value {
    let mut plan = envelope["data"].clone();
    if let Some(map) = plan.as_object_mut() {
        map.remove("idempotency");
    }
    plan
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of("[a-z]{1,6}")
}

fn opt_version() -> impl Strategy<Value = Option<u32>> {
    prop::option::of(0u32..20)
}

/// A number channel config with consistent timeouts (warning below time-out, below 100000).
fn base_config() -> impl Strategy<Value = Value> {
    (
        prop::option::of(1000u32..100_000),
        opt_text(),
        prop::option::of(1u32..1000),
        opt_text(),
        prop::option::of("[a-z]{1,8}"),
        prop::option::of(prop::collection::vec("[a-z]{1,4}", 0..3)),
        prop::option::of(prop::collection::vec("[a-z]{1,4}", 0..3)),
    )
        .prop_map(
            |(time_out, timeout_message, warning_time, warning_message, host, dispositions, citations)| {
                let mut c = Map::new();
                if let Some(t) = time_out {
                    c.insert("time_out".into(), json!(t));
                    if let Some(w) = warning_time {
                        c.insert("warning_time".into(), json!(w));
                    }
                }
                if let Some(m) = timeout_message {
                    c.insert("timeout_message".into(), json!(m));
                }
                if let Some(m) = warning_message {
                    c.insert("warning_message".into(), json!(m));
                }
                if let Some(h) = host {
                    c.insert("webhook".into(), json!(format!("https://{h}.example.com/hook")));
                }
                if let Some(d) = dispositions {
                    c.insert("disposition_ids".into(), json!(d));
                }
                if let Some(d) = citations {
                    c.insert("citation_schema_ids".into(), json!(d));
                }
                c.insert("objective".into(), json!("help"));
                Value::Object(c)
            },
        )
}

fn base_request() -> Map<String, Value> {
    let mut r = Map::new();
    r.insert("user_number".into(), json!(USER));
    r.insert("agent_number".into(), json!(AGENT));
    r.insert("agent_message".into(), json!("hi"));
    r
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// docs/src/resolution.md#field-by-field: a request value always wins, with source `request`, whatever the lower layers hold.
    #[test]
    fn request_values_always_win(
        config in base_config(),
        overrides in prop::option::of((1000u32..100_000, 1u32..1000)),
        time_out in 100_000u32..200_000,
        warning in 1u32..1000,
        message in "[a-z]{1,8}",
        ids in prop::collection::vec("[a-z]{1,4}", 0..3),
    ) {
        let mut request = base_request();
        request.insert("time_out".into(), json!(time_out));
        request.insert("warning_time".into(), json!(warning));
        request.insert("timeout_message".into(), json!(message));
        request.insert("webhook".into(), json!("https://request.example.com/h"));
        request.insert("disposition_ids".into(), json!(ids));
        let mut conversation = json!({"id": "c1", "active": true});
        if let Some((t, w)) = overrides {
            conversation["overrides"] = json!({"time_out": t, "warning_time": w, "timeout_message": "conv"});
        }
        let context = json!({"number": {"phone_number": AGENT, "sms_config": config}, "conversation": conversation});
        let envelope = run(Value::Object(request), context);
        prop_assert!(envelope["errors"].is_null(), "{}", envelope);
        let plan = &envelope["data"];
        prop_assert_eq!(&plan["time_out"], &json!({"value": time_out, "source": "request"}));
        prop_assert_eq!(&plan["warning_time"], &json!({"value": warning, "source": "request"}));
        prop_assert_eq!(&plan["timeout_message"], &json!({"value": message, "source": "request"}));
        prop_assert_eq!(&plan["webhook"]["source"], &json!("request"));
        let mut deduped: Vec<String> = Vec::new();
        for id in ids { if !deduped.contains(&id) { deduped.push(id); } }
        prop_assert_eq!(&plan["disposition_ids"], &json!({"value": deduped, "source": "request"}));
    }

    /// docs/src/resolution.md: layers that set nothing change nothing (empty overrides, empty number_settings,
    /// empty persona_settings with a persona, null optional fields).
    #[test]
    fn empty_layers_change_nothing(config in base_config(), with_overrides in any::<bool>()) {
        let mut request = base_request();
        request.insert("persona_id".into(), json!(PERSONA));
        let mut context = json!({
            "number": {"phone_number": AGENT, "sms_config": {"objective": "x"}},
            "persona": {"id": PERSONA, "production": config},
            "conversation": {"id": "c1", "active": true},
        });
        let plain = run(Value::Object(request.clone()), context.clone());
        prop_assert!(plain["errors"].is_null(), "{}", plain);

        let mut padded = request.clone();
        padded.insert("persona_settings".into(), json!({}));
        padded.insert("webhook".into(), Value::Null);
        padded.insert("time_out".into(), Value::Null);
        if with_overrides {
            context["conversation"]["overrides"] = json!({});
        }
        context["persona"]["number_settings"] = json!({});
        let with_empty_layers = run(Value::Object(padded), context);
        prop_assert_eq!(plan_without_fingerprint(&plain), plan_without_fingerprint(&with_empty_layers));
        prop_assert_eq!(&plain["warnings"], &with_empty_layers["warnings"]);
    }

    /// docs/src/resolution.md#pathway against a naive model: the highest layer naming a pathway wins; version and
    /// start node come from the highest layer at or above it (any layer when none names one).
    #[test]
    fn pathway_follows_the_model(
        layers in prop::collection::vec((opt_text(), opt_version(), opt_text()), 5),
        resume in any::<bool>(),
    ) {
        let names = ["request.persona_settings", "request", "conversation", "persona.number_settings", "persona"];
        let layer = |i: usize| layers[i].clone();
        let mut request = base_request();
        request.insert("persona_id".into(), json!(PERSONA));
        let (id, version, node) = layer(0);
        let mut ps = Map::new();
        if let Some(v) = id { ps.insert("pathway_id".into(), json!(v)); }
        if let Some(v) = version { ps.insert("pathway_version".into(), json!(v)); }
        if let Some(v) = node { ps.insert("start_node_id".into(), json!(v)); }
        request.insert("persona_settings".into(), Value::Object(ps));
        let (id, version, node) = layer(1);
        if let Some(v) = id { request.insert("pathway_id".into(), json!(v)); }
        if let Some(v) = version { request.insert("pathway_version".into(), json!(v)); }
        if let Some(v) = node { request.insert("start_node_id".into(), json!(v)); }
        let fields = |(id, version, node): (Option<String>, Option<u32>, Option<String>), node_key: &str| {
            let mut m = Map::new();
            if let Some(v) = id { m.insert("pathway_id".into(), json!(v)); }
            if let Some(v) = version { m.insert("pathway_version".into(), json!(v)); }
            if let Some(v) = node { m.insert(node_key.into(), json!(v)); }
            m
        };
        let mut conversation = fields(layer(2), "current_node_id");
        conversation.insert("id".into(), json!("c1"));
        conversation.insert("active".into(), json!(resume));
        let mut production = fields(layer(4), "start_node_id");
        production.insert("objective".into(), json!("x"));
        let context = json!({
            "persona": {"id": PERSONA, "production": production, "number_settings": fields(layer(3), "start_node_id")},
            "conversation": conversation,
        });
        let envelope = run(Value::Object(request), context);

        // The model.
        let active: Vec<usize> = (0..5).filter(|&i| i != 2 || resume).collect();
        let winner = active.iter().copied().find(|&i| layers[i].0.is_some());
        let considered: Vec<usize> = match winner {
            Some(w) => active.iter().copied().filter(|&i| i <= w).collect(),
            None => active.clone(),
        };
        let pick = |get: &dyn Fn(usize) -> Option<Value>| {
            considered.iter().find_map(|&i| get(i).map(|v| json!({"value": v, "source": names[i]}))).unwrap_or(Value::Null)
        };
        let want_id = winner.map_or(Value::Null, |w| json!({"value": layers[w].0.clone(), "source": names[w]}));
        let want_version = pick(&|i| layers[i].1.map(|v| json!(v)));
        let want_node = pick(&|i| layers[i].2.clone().map(|v| json!(v)));
        let request_setting = layers[0].1.is_some() || layers[0].2.is_some() || layers[1].1.is_some() || layers[1].2.is_some();
        if winner.is_none() && request_setting {
            let codes: Vec<&str> = envelope["errors"].as_array().unwrap().iter().map(|e| e["error"].as_str().unwrap()).collect();
            prop_assert!(codes.iter().all(|c| *c == "PATHWAY_SETTING_WITHOUT_PATHWAY"), "{:?}", codes);
        } else {
            prop_assert!(envelope["errors"].is_null(), "{}", envelope);
            prop_assert_eq!(&envelope["data"]["pathway_id"], &want_id);
            prop_assert_eq!(&envelope["data"]["pathway_version"], &want_version);
            prop_assert_eq!(&envelope["data"]["start_node_id"], &want_node);
        }
    }

    /// The same input always gives the same bytes, through both entry points.
    #[test]
    fn answers_are_deterministic(config in base_config(), message in "\\PC{0,40}", extra in "[a-z_]{1,12}") {
        let mut request = base_request();
        request.insert("agent_message".into(), json!(message));
        request.insert(extra, json!(1));
        let doc = json!({"request": request, "context": {"number": {"phone_number": AGENT, "sms_config": config}}});
        let text = doc.to_string();
        let first = smsrules::check_json(&text);
        prop_assert_eq!(&first, &smsrules::check_json(&text));
        let typed = Document::new(Body::Value(doc["request"].clone())).with_context(doc["context"].clone());
        prop_assert_eq!(first, check(&typed).to_json());
    }

    /// A pathway version the rules accept is an integer in the plan, on both entry points
    /// (its text and its value), from the request and from the context; a number past the
    /// largest such integer is refused instead of shown as a double.
    #[test]
    fn accepted_pathway_versions_are_integers_in_the_plan(
        version in prop_oneof![
            any::<u64>().prop_map(|v| json!(v)),
            (0f64..2e19).prop_map(|f| json!(f.trunc())),
            (1.8446744073709552e19f64..1e300).prop_map(|f| json!(f.trunc())),
        ],
        from_context in any::<bool>(),
    ) {
        let mut request = base_request();
        request.insert("pathway_id".into(), json!("pw"));
        let mut config = Map::new();
        config.insert("objective".into(), json!("x"));
        if from_context {
            config.insert("pathway_version".into(), version.clone());
            request.remove("pathway_id");
            config.insert("pathway_id".into(), json!("pw"));
        } else {
            request.insert("pathway_version".into(), version.clone());
        }
        let context = json!({"number": {"phone_number": AGENT, "sms_config": config}});
        let doc = json!({"request": request.clone(), "context": context.clone()});
        let text = smsrules::check_json(&doc.to_string());
        let envelope = run(Value::Object(request), context);
        prop_assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), envelope.clone());
        let fits = version.as_u64().is_some() || version.as_f64().is_some_and(|f| f < 18_446_744_073_709_551_616.0);
        if fits {
            prop_assert!(envelope["errors"].is_null(), "{}", envelope);
            let shown = &envelope["data"]["pathway_version"]["value"];
            prop_assert!(shown.is_u64(), "{}", shown);
            prop_assert_eq!(shown.as_f64(), version.as_f64());
        } else {
            let codes: Vec<&str> = envelope["errors"].as_array().unwrap().iter().map(|e| e["error"].as_str().unwrap()).collect();
            let want = if from_context { "INVALID_CONTEXT" } else { "OUT_OF_RANGE" };
            prop_assert_eq!(codes, vec![want]);
        }
    }
}
