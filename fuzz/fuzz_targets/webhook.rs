//! The webhook classifier against an independent model of SPEC §3.6 (std's address
//! predicates plus the listed ranges), and the envelope's `/webhook` issue against the
//! classifier.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use serde_json::json;
use smsrules::webhook::{check_webhook, UnsafeReason, WebhookProblem};
use std::net::{Ipv4Addr, Ipv6Addr};
use url::{Host, Url};

fn v4_blocked(a: Ipv4Addr) -> bool {
    let [o0, o1, o2, _] = a.octets();
    o0 == 0
        || a.is_private()
        || (o0 == 100 && (o1 & 0xc0) == 64)
        || a.is_loopback()
        || a.is_link_local()
        || (o0 == 192 && o1 == 0 && o2 == 0)
        || a.is_documentation()
        || (o0 == 198 && (o1 & 0xfe) == 18)
        || a.is_multicast()
        || o0 >= 240
}

fn v6_blocked(a: Ipv6Addr) -> bool {
    let s = a.segments();
    let embedded = |hi: u16, lo: u16| v4_blocked(Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo)));
    a.is_unspecified()
        || a.is_loopback()
        || (s[0] & 0xfe00) == 0xfc00
        || (s[0] & 0xffc0) == 0xfe80
        || a.is_multicast()
        || (s[0] == 0x2001 && s[1] == 0x0db8)
        || a.to_ipv4_mapped().is_some_and(v4_blocked)
        || (s[..6].iter().all(|&x| x == 0) && embedded(s[6], s[7]))
        || (s[0] == 0x64 && s[1] == 0xff9b && s[2..6].iter().all(|&x| x == 0) && embedded(s[6], s[7]))
        || (s[0] == 0x2002 && embedded(s[1], s[2]))
}

fn model(url: &str) -> Result<(), WebhookProblem> {
    if url.encode_utf16().count() > 2048 {
        return Err(WebhookProblem::TooLong);
    }
    let edge_space =
        url.chars().next().is_some_and(char::is_whitespace) || url.chars().last().is_some_and(char::is_whitespace);
    if edge_space || url.chars().any(|c| c < ' ' || c == '\u{7f}') {
        return Err(WebhookProblem::ControlOrSpace);
    }
    let parsed = Url::parse(url).map_err(|_| WebhookProblem::NotAbsoluteUrl)?;
    let unsafe_because = |r| Err(WebhookProblem::Unsafe(r));
    if parsed.scheme() != "https" {
        return unsafe_because(UnsafeReason::Scheme);
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return unsafe_because(UnsafeReason::Credentials);
    }
    match parsed.host() {
        Some(Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            if d == "localhost" || d.ends_with(".localhost") {
                return unsafe_because(UnsafeReason::Localhost);
            }
        }
        Some(Host::Ipv4(a)) if v4_blocked(a) => return unsafe_because(UnsafeReason::PrivateIp),
        Some(Host::Ipv6(a)) if v6_blocked(a) => return unsafe_because(UnsafeReason::PrivateIp),
        _ => {}
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    // Text is taken as the URL itself (so seeds are readable URLs); a leading 0x01 byte
    // asks the generator to build one from SSRF spellings instead.
    let url = match data.split_first() {
        Some((1, rest)) => match smsrules_fuzz::generate::webhook_url(&mut Unstructured::new(rest)) {
            Ok(url) => url,
            Err(_) => return,
        },
        _ => String::from_utf8_lossy(data).into_owned(),
    };
    let verdict = check_webhook(&url);
    assert_eq!(verdict, model(&url), "classifier and model disagree on {url:?}");

    // The same URL as a request's webhook gives the matching issue (or none).
    let body =
        json!({"user_number": "+14155552671", "agent_number": "+14155550000", "agent_message": "Hi", "webhook": url});
    if smsrules_fuzz::has_noncharacter(&body) {
        return;
    }
    let envelope = smsrules_fuzz::check_typed(body, None, None, None);
    let hook_errors: Vec<&serde_json::Value> = envelope["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|i| i["path"] == "/webhook")
        .collect();
    match verdict {
        Ok(()) => assert!(hook_errors.is_empty(), "a safe webhook got {hook_errors:?}"),
        Err(WebhookProblem::Unsafe(reason)) => {
            assert_eq!(hook_errors.len(), 1, "one issue per webhook: {hook_errors:?}");
            assert_eq!(hook_errors[0]["error"], "UNSAFE_WEBHOOK");
            assert_eq!(hook_errors[0]["params"]["reason"], reason.as_str());
        }
        Err(_) => {
            assert_eq!(hook_errors.len(), 1, "one issue per webhook: {hook_errors:?}");
            assert_eq!(hook_errors[0]["error"], "INVALID_URL");
        }
    }
});
