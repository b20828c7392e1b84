//! Structured inputs built from fuzzer bytes: JSON values, send requests with a context and
//! options, and webhook URLs. Each choice mixes well-formed values (so the deep rules run)
//! with near misses and arbitrary ones (so the checks on them run too).

use arbitrary::{Arbitrary, Result, Unstructured};
use serde_json::{json, Map, Number, Value};

/// The body fields of docs/src/input.md#the-request-body.
pub const BODY_FIELDS: &[&str] = &[
    "user_number",
    "agent_number",
    "agent_message",
    "request_data",
    "new_conversation",
    "persona_id",
    "persona_version",
    "persona_settings",
    "pathway_id",
    "pathway_version",
    "start_node_id",
    "webhook",
    "metadata",
    "disposition_ids",
    "citation_schema_ids",
    "channel",
    "content_sid",
    "content_variables",
    "time_out",
    "timeout_message",
    "warning_time",
    "warning_message",
];

const PHONES: &[&str] = &[
    "+14155552671",
    "+14155550000",
    "+442071838750",
    "+4915123456789",
    "+919876543210",
    "+1415",
    "+1",
    "+0123456789",
    "14155552671",
    "+1 (415) 555-2671",
    "00 44 20 7183 8750",
    "020 7183 8750",
    "+99912345678",
    "+11235550100",
    "+141555526712",
    "+\u{0661}\u{0664}\u{0661}\u{0665}\u{0665}\u{0665}\u{0665}\u{0662}\u{0666}\u{0667}\u{0661}",
    "+\u{ff11}\u{ff14}\u{ff11}\u{ff15}\u{ff15}\u{ff15}\u{ff15}\u{ff12}\u{ff16}\u{ff17}\u{ff11}",
    "+1415\u{200b}5552671",
    "",
];
const PERSONA: &str = "6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b";
const UUIDS: &[&str] = &[
    PERSONA,
    "6F1C2A9E-3B4D-4E5F-8A7B-9C0D1E2F3A4B",
    "6f1c2a9e3b4d4e5f8a7b9c0d1e2f3a4b",
    "x",
];
const CHANNELS: &[&str] = &["sms", "whatsapp", "imessage", "rcs", "SMS", ""];
const VERSIONS: &[&str] = &["production", "draft", "latest"];
const SIDS: &[&str] = &[
    "HX0123456789abcdef0123456789abcdef",
    "HX0123456789ABCDEF0123456789ABCDEF",
    "HX123",
    "MG0123456789abcdef0123456789abcdef",
];
const HOOKS: &[&str] = &[
    "https://hooks.example.com/sms",
    "http://hooks.example.com/sms",
    "https://127.0.0.1/",
    "https://2130706433/",
    "https://[::ffff:10.0.0.1]/",
    "https://user:pw@example.com/",
    "https://api.localhost/",
    " https://example.com/",
    "not a url",
];
const TEXTS: &[&str] = &[
    "Hi there",
    "Hello \u{1F600}",
    "\u{20AC}10 off {braces}",
    "caf\u{e9}",
    "\u{202E}mirror",
    "line\nbreak",
    "",
];
const TIMESTAMPS: &[&str] = &[
    "2026-11-27T12:00:00Z",
    "2026-11-27T08:00:00+02:00",
    "2026-11-26T11:59:59Z",
    "2026-11-27 12:00:00",
    "x",
];
const REGIONS: &[&str] = &["US", "GB", "DE", "ZZ", "us", ""];

/// One entry of `pool`, or (rarely) arbitrary text.
fn pick(u: &mut Unstructured<'_>, pool: &[&str]) -> Result<Value> {
    if u.ratio(1, 8)? {
        return Ok(Value::String(String::arbitrary(u)?));
    }
    Ok(Value::String((*u.choose(pool)?).to_owned()))
}

/// A finite JSON number: integers of every width and doubles (never NaN or infinite).
pub fn number(u: &mut Unstructured<'_>) -> Result<Value> {
    Ok(match u.int_in_range(0..=5)? {
        0 => json!(i64::arbitrary(u)?),
        1 => json!(u64::arbitrary(u)?),
        2 => json!(u.int_in_range(-2..=2_600_000)?),
        3 => json!(*u.choose(&[0.5, 1.5, 2.0, -0.0, 1e300, 2592000.0, 2592000.5, 5e-324])?),
        _ => Number::from_f64(f64::arbitrary(u)?).map_or(Value::Null, Value::Number),
    })
}

/// An arbitrary JSON value nesting at most `depth` more levels (occasionally a deep chain).
pub fn value(u: &mut Unstructured<'_>, depth: u32) -> Result<Value> {
    let choice = if depth == 0 {
        u.int_in_range(0..=3)?
    } else {
        u.int_in_range(0..=6)?
    };
    Ok(match choice {
        0 => Value::Null,
        1 => Value::Bool(bool::arbitrary(u)?),
        2 => number(u)?,
        3 => Value::String(String::arbitrary(u)?),
        4 => {
            let n = u.int_in_range(0..=4)?;
            Value::Array((0..n).map(|_| value(u, depth - 1)).collect::<Result<_>>()?)
        }
        5 => {
            let n = u.int_in_range(0..=4)?;
            let mut map = Map::new();
            for _ in 0..n {
                map.insert(String::arbitrary(u)?, value(u, depth - 1)?);
            }
            Value::Object(map)
        }
        _ => {
            // A chain around the depth limit of 32 (the body object is level 1).
            let levels = u.int_in_range(28..=40)?;
            let mut v = value(u, 0)?;
            for _ in 0..levels {
                v = if bool::arbitrary(u)? {
                    json!([v])
                } else {
                    json!({ "a": v })
                };
            }
            v
        }
    })
}

/// A value for one body field: a fitting one most of the time, else the wrong type or junk.
fn field_value(u: &mut Unstructured<'_>, field: &str) -> Result<Value> {
    if u.ratio(1, 10)? {
        return value(u, 3);
    }
    Ok(match field {
        "user_number" | "agent_number" => pick(u, PHONES)?,
        "agent_message" | "timeout_message" | "warning_message" => message_text(u)?,
        "persona_id" => pick(u, UUIDS)?,
        "persona_version" => pick(u, VERSIONS)?,
        "channel" => pick(u, CHANNELS)?,
        "content_sid" => pick(u, SIDS)?,
        "webhook" => pick(u, HOOKS)?,
        "new_conversation" => Value::Bool(bool::arbitrary(u)?),
        "pathway_id" | "start_node_id" => pick(u, &["pw_1", "node_1", ""])?,
        "pathway_version" | "time_out" | "warning_time" => number(u)?,
        "disposition_ids" | "citation_schema_ids" => {
            let n = *u.choose(&[0usize, 1, 3, 101])?;
            let ids: Vec<Value> = (0..n)
                .map(|i| {
                    Ok(if u.ratio(1, 6)? {
                        pick(u, &["", "d1"])?
                    } else {
                        json!(format!("id{}", i % 7))
                    })
                })
                .collect::<Result<_>>()?;
            Value::Array(ids)
        }
        "content_variables" => {
            let n = *u.choose(&[0usize, 1, 2, 101])?;
            let mut map = Map::new();
            for i in 0..n {
                let key = if u.ratio(1, 5)? {
                    String::arbitrary(u)?
                } else {
                    (i + 1).to_string()
                };
                // One value may be long; the rest stay short so a run stays fast.
                let value = if i == 0 { message_text(u)? } else { pick(u, TEXTS)? };
                map.insert(key, value);
            }
            Value::Object(map)
        }
        "persona_settings" => {
            let mut map = Map::new();
            for key in ["pathway_id", "pathway_version", "start_node_id", "pathway_idd"] {
                if bool::arbitrary(u)? {
                    let v = if key == "pathway_version" {
                        number(u)?
                    } else {
                        pick(u, &["pw_p", "node_p", ""])?
                    };
                    map.insert(key.to_owned(), v);
                }
            }
            Value::Object(map)
        }
        _ => value(u, 4)?,
    })
}

/// Message text: a pool entry, arbitrary text, or a long run around the 1,600-unit limit.
fn message_text(u: &mut Unstructured<'_>) -> Result<Value> {
    Ok(match u.int_in_range(0..=7)? {
        0..=2 => pick(u, TEXTS)?,
        3 => {
            let unit = *u.choose(&["a", "\u{20AC}", "\u{1F600}", "\u{e9}"])?;
            let n = u.int_in_range(150..=1700)?;
            Value::String(unit.repeat(n))
        }
        _ => Value::String(String::arbitrary(u)?),
    })
}

/// A send request body: known fields, aliases, typos and arbitrary keys.
pub fn request(u: &mut Unstructured<'_>) -> Result<Value> {
    let mut map = Map::new();
    for field in ["user_number", "agent_number", "agent_message"] {
        if u.ratio(7, 8)? {
            map.insert(field.to_owned(), field_value(u, field)?);
        }
    }
    let extra = u.int_in_range(0..=8)?;
    for _ in 0..extra {
        let key = match u.int_in_range(0..=9)? {
            0 => String::arbitrary(u)?,
            1 => (*u.choose(&[
                "to",
                "from",
                "message",
                "timeout",
                "webhook_url",
                "agent_mesage",
                "chanel",
            ])?)
            .to_owned(),
            _ => (*u.choose(BODY_FIELDS)?).to_owned(),
        };
        let v = if u.ratio(1, 12)? {
            Value::Null
        } else {
            field_value(u, &key)?
        };
        map.insert(key, v);
    }
    Ok(Value::Object(map))
}

/// A channel config (docs/src/context.md `ChannelConfig`).
fn channel_config(u: &mut Unstructured<'_>) -> Result<Value> {
    if u.ratio(1, 8)? {
        return value(u, 2);
    }
    let mut map = Map::new();
    let fields: &[(&str, u8)] = &[
        ("webhook", 0),
        ("time_out", 1),
        ("warning_time", 1),
        ("timeout_message", 2),
        ("warning_message", 2),
        ("objective", 2),
        ("pathway_id", 3),
        ("pathway_version", 1),
        ("start_node_id", 3),
        ("request_data", 4),
        ("disposition_ids", 5),
        ("citation_schema_ids", 5),
    ];
    for (name, kind) in fields {
        if u.ratio(1, 3)? {
            let v = match kind {
                0 => pick(u, HOOKS)?,
                1 => {
                    if u.ratio(1, 6)? {
                        json!("latest")
                    } else {
                        number(u)?
                    }
                }
                2 => message_text(u)?,
                3 => pick(u, &["pw_base", "node_base"])?,
                4 => value(u, 3)?,
                _ => json!(["b1", "b2"]),
            };
            map.insert((*name).to_owned(), v);
        }
    }
    Ok(Value::Object(map))
}

/// A context (docs/src/context.md): every part optional, some parts garbage.
pub fn context(u: &mut Unstructured<'_>, body: &Value) -> Result<Value> {
    if u.ratio(1, 16)? {
        return value(u, 3);
    }
    let agent = body.get("agent_number").cloned().unwrap_or(Value::Null);
    let mut map = Map::new();
    if bool::arbitrary(u)? {
        map.insert("now".into(), pick(u, TIMESTAMPS)?);
    }
    if u.ratio(1, 3)? {
        let mut numbers = vec![json!("+14155550001")];
        if bool::arbitrary(u)? {
            numbers.push(agent.clone());
        }
        if u.ratio(1, 5)? {
            numbers.push(pick(u, PHONES)?);
        }
        map.insert("account".into(), json!({ "numbers": numbers }));
    }
    if bool::arbitrary(u)? {
        let mut number = Map::new();
        number.insert(
            "phone_number".into(),
            if u.ratio(7, 8)? {
                agent.clone()
            } else {
                pick(u, PHONES)?
            },
        );
        for key in ["sms_config", "whatsapp_config", "imessage_config"] {
            match u.int_in_range(0..=3)? {
                0 => {}
                1 => {
                    number.insert(key.into(), Value::Null);
                }
                _ => {
                    number.insert(key.into(), channel_config(u)?);
                }
            }
        }
        map.insert("number".into(), Value::Object(number));
    }
    if u.ratio(1, 3)? {
        let id = body
            .get("persona_id")
            .cloned()
            .filter(|_| bool::arbitrary(u).unwrap_or(true));
        let mut persona = Map::new();
        persona.insert("id".into(), id.unwrap_or_else(|| json!(PERSONA)));
        for key in ["production", "draft"] {
            if bool::arbitrary(u)? {
                let v = if u.ratio(1, 4)? {
                    Value::Null
                } else {
                    channel_config(u)?
                };
                persona.insert(key.into(), v);
            }
        }
        if bool::arbitrary(u)? {
            persona.insert(
                "number_settings".into(),
                json!({"pathway_id": "pw_ns", "pathway_version": 2}),
            );
        }
        map.insert("persona".into(), Value::Object(persona));
    }
    match u.int_in_range(0..=3)? {
        0 => {}
        1 => {
            map.insert("conversation".into(), Value::Null);
        }
        _ => {
            let mut c = Map::new();
            c.insert("id".into(), json!("conv_1"));
            c.insert("active".into(), Value::Bool(bool::arbitrary(u)?));
            if bool::arbitrary(u)? {
                c.insert("channel".into(), pick(u, CHANNELS)?);
            }
            if bool::arbitrary(u)? {
                c.insert("pathway_id".into(), json!("pw_conv"));
                c.insert("current_node_id".into(), json!("node_conv"));
            }
            if bool::arbitrary(u)? {
                c.insert(
                    "overrides".into(),
                    json!({"time_out": number(u)?, "warning_time": number(u)?}),
                );
            }
            if bool::arbitrary(u)? {
                c.insert("last_user_message_at".into(), pick(u, TIMESTAMPS)?);
            }
            map.insert("conversation".into(), Value::Object(c));
        }
    }
    if u.ratio(1, 4)? {
        let fingerprint = if bool::arbitrary(u)? {
            smsrules::fingerprint(body)
        } else {
            "sha256:00".into()
        };
        map.insert(
            "idempotency".into(),
            json!({"key": "order-42", "fingerprint": fingerprint}),
        );
    }
    Ok(Value::Object(map))
}

/// Options (docs/src/input.md#options), some values out of range, some keys unknown.
pub fn options(u: &mut Unstructured<'_>) -> Result<Value> {
    let mut map = Map::new();
    let entries: &[(&str, &[&str])] = &[
        ("unknown_fields", &["warn", "error", "ignore", "loud"]),
        ("phone_check", &["valid", "possible", "e164", "strict"]),
        ("phone_input", &["strict", "lenient", "loose"]),
        ("default_region", REGIONS),
    ];
    for (name, pool) in entries {
        if bool::arbitrary(u)? {
            map.insert((*name).to_owned(), pick(u, pool)?);
        }
    }
    if u.ratio(1, 3)? {
        let n = if u.ratio(1, 4)? {
            number(u)?
        } else {
            json!(u.int_in_range(1..=4)?)
        };
        map.insert("max_issues".into(), n);
    }
    if u.ratio(1, 10)? {
        map.insert(String::arbitrary(u)?, value(u, 1)?);
    }
    Ok(Value::Object(map))
}

/// A webhook URL: arbitrary text, or scheme, user info, host and path from pools of the
/// usual SSRF spellings (numeric IPv4 in every base and with leading zeros, IPv6 embeddings,
/// localhost variants, internal names, backslashes and other parser differentials).
pub fn webhook_url(u: &mut Unstructured<'_>) -> Result<String> {
    if u.ratio(1, 3)? {
        return String::arbitrary(u);
    }
    let scheme = *u.choose(&[
        "https://",
        "HTTPS://",
        "http://",
        "https:",
        "https:\\\\",
        "https:/\\",
        "https:///",
        "ftp://",
        "javascript:",
        "",
    ])?;
    let userinfo = *u.choose(&[
        "",
        "",
        "",
        "user@",
        "user:pw@",
        ":pw@",
        "@",
        "example.com@",
        "good.com\\@",
        "good.com\\\\@",
        "good.com:80\\@",
    ])?;
    let host = match u.int_in_range(0..=8)? {
        0 => {
            let a = u32::arbitrary(u)?;
            match u.int_in_range(0..=3)? {
                0 => std::net::Ipv4Addr::from(a).to_string(),
                1 => a.to_string(),
                2 => format!("0x{a:x}"),
                _ => {
                    let [b0, b1, b2, b3] = a.to_be_bytes();
                    format!("0{b0:o}.0x{b1:x}.{b2}.0{b3:o}")
                }
            }
        }
        1 => {
            let a = u128::arbitrary(u)?;
            format!("[{}]", std::net::Ipv6Addr::from(a))
        }
        2 => {
            let v4 = std::net::Ipv4Addr::from(u32::arbitrary(u)?);
            let form = *u.choose(&["::ffff:", "::", "64:ff9b::"])?;
            format!("[{form}{v4}]")
        }
        3 => {
            let [b0, b1, b2, b3] = u32::arbitrary(u)?.to_be_bytes();
            format!("[2002:{b0:02x}{b1:02x}:{b2:02x}{b3:02x}::1]")
        }
        4 => (*u.choose(&[
            "localhost",
            "LOCALHOST.",
            "a.localhost",
            "localhost.example",
            "%6c%6fcalhost",
            "\u{ff4c}ocalhost",
            "xlocalhost",
        ])?)
        .to_owned(),
        5 => (*u.choose(&[
            "127.1",
            "0x7f.1",
            "0177.0.0.1",
            "169.254.169.254",
            "0.0.0.0",
            "255.255.255.255",
            "4294967296",
            "[::1]",
            "[fe80::1%25eth0]",
            "0127.0.0.1",
            "010.0.0.1",
            "8.8.8.8.",
            "%38.8.8.8",
            "\u{ff18}.\u{ff18}.\u{ff18}.\u{ff18}",
            "134744072",
            "8.8.2056",
            "169.254.169.254;https",
            "ex!ample.com",
            "good%2ecom",
            "metadata",
            "metadata.",
            "metadata.google.internal",
            "printer.local",
            "home.arpa",
            "metadata.packet.net",
            "[2001::1]",
            "[::ffff:0:7f00:1]",
            "[64:ff9b:1::1]",
            "[fec0::1]",
            "192.88.99.1",
        ])?)
        .to_owned(),
        6 => String::arbitrary(u)?,
        7 => {
            // Four parts, each maybe with leading zeros: octal to some readers, decimal to others.
            let mut parts = Vec::new();
            for byte in u32::arbitrary(u)?.to_be_bytes() {
                let zeros = "0".repeat(usize::from(u.int_in_range(0..=2_u8)?));
                parts.push(format!("{zeros}{byte}"));
            }
            parts.join(".")
        }
        _ => "example.com".to_owned(),
    };
    let port = *u.choose(&["", "", ":443", ":0", ":99999"])?;
    let path = *u.choose(&["/", "/hook", "", "/a b", "?q=1#f"])?;
    Ok(format!("{scheme}{userinfo}{host}{port}{path}"))
}
