//! The webhook classifier against an independent model of the webhook rules (std's address
//! predicates plus the listed ranges, names and host spellings), against small models of how
//! curl, Python and Java read a URL (none of them may reach a blocked address in a URL the
//! classifier passes, nor in the serialization it hands on), and the envelope's `/webhook`
//! issue and plan value against the classifier.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use serde_json::json;
use smsrules::webhook::{check_webhook, UnsafeReason, WebhookProblem};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use url::{Host, Url};

fn v4_blocked(a: Ipv4Addr) -> bool {
    let [o0, o1, o2, _] = a.octets();
    o0 == 0
        || a.is_private()
        || (o0 == 100 && (o1 & 0xc0) == 64)
        || a.is_loopback()
        || a.is_link_local()
        || (o0 == 192 && o1 == 0 && o2 == 0)
        || (o0 == 192 && o1 == 88 && o2 == 99)
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
        || (s[0] == 0x64 && s[1] == 0xff9b && s[2] == 1)
        || (s[0] == 0x100 && s[1..4].iter().all(|&x| x == 0))
        || (s[0] == 0x2001 && s[1] < 0x200)
        || (s[0] == 0x2001 && s[1] == 0x0db8)
        || (s[0] == 0x3fff && s[1] < 0x1000)
        || s[0] == 0x5f00
        || (s[0] & 0xfe00) == 0xfc00
        || (s[0] & 0xffc0) == 0xfe80
        || (s[0] & 0xffc0) == 0xfec0
        || a.is_multicast()
        || a.to_ipv4_mapped().is_some_and(v4_blocked)
        || (s[..4].iter().all(|&x| x == 0) && s[4] == 0xffff && s[5] == 0 && embedded(s[6], s[7]))
        || (s[..6].iter().all(|&x| x == 0) && embedded(s[6], s[7]))
        || (s[0] == 0x64 && s[1] == 0xff9b && s[2..6].iter().all(|&x| x == 0) && embedded(s[6], s[7]))
        || (s[0] == 0x2002 && embedded(s[1], s[2]))
}

/// `name` without trailing dots, lower-cased, as labels.
fn labels(name: &str) -> Vec<String> {
    name.trim_end_matches('.')
        .to_ascii_lowercase()
        .split('.')
        .map(str::to_owned)
        .collect()
}

fn name_is_localhost(name: &str) -> bool {
    labels(name).last().is_some_and(|l| l == "localhost")
}

fn name_is_internal(name: &str) -> bool {
    let l = labels(name);
    let joined = l.join(".");
    let last = l.last().map(String::as_str);
    l.len() == 1
        || (l.len() >= 2 && matches!(last, Some("internal" | "local" | "localdomain")))
        || (l.len() >= 2 && l[l.len() - 2] == "home" && last == Some("arpa"))
        || [
            "metadata.tencentyun.com",
            "metadata.packet.net",
            "metadata.platformequinix.com",
        ]
        .contains(&joined.as_str())
}

/// The text from the end of the scheme's colon (after the run of slashes and backslashes)
/// up to the first `/`, `?` or `#`, and whether a backslash appeared on the way.
fn authority_as_written(url: &str) -> (String, bool) {
    let mut chars = url.chars().skip_while(|&c| c != ':').skip(1).peekable();
    let mut backslash = false;
    while let Some(&c) = chars.peek() {
        if c != '/' && c != '\\' {
            break;
        }
        backslash |= c == '\\';
        chars.next();
    }
    let authority: String = chars.take_while(|c| !matches!(c, '/' | '?' | '#')).collect();
    backslash |= authority.contains('\\');
    (authority, backslash)
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
    let (authority, backslash) = authority_as_written(url);
    match parsed.host() {
        Some(Host::Domain(d)) if name_is_localhost(d) => unsafe_because(UnsafeReason::Localhost),
        Some(Host::Ipv4(a)) if v4_blocked(a) => unsafe_because(UnsafeReason::PrivateIp),
        Some(Host::Ipv6(a)) if v6_blocked(a) => unsafe_because(UnsafeReason::PrivateIp),
        Some(Host::Domain(d)) if name_is_internal(d) => unsafe_because(UnsafeReason::InternalName),
        _ if backslash => unsafe_because(UnsafeReason::AmbiguousHost),
        Some(Host::Domain(d)) if !d.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) => {
            unsafe_because(UnsafeReason::AmbiguousHost)
        }
        Some(Host::Ipv4(a)) => {
            let written = authority
                .rsplit('@')
                .next()
                .unwrap_or("")
                .split(':')
                .next()
                .unwrap_or("");
            let plain = written.split('.').count() == 4
                && written.split('.').all(|p| {
                    !p.is_empty()
                        && p.len() <= 3
                        && p.bytes().all(|b| b.is_ascii_digit())
                        && (p == "0" || !p.starts_with('0'))
                });
            if plain && written.parse::<Ipv4Addr>() == Ok(a) {
                Ok(())
            } else {
                unsafe_because(UnsafeReason::AmbiguousHost)
            }
        }
        _ => Ok(()),
    }
}

/// What a non-WHATWG client connects to.
#[derive(Debug)]
enum Reading {
    Address(IpAddr),
    Name(String),
    /// No host, or a URL the client refuses.
    Nothing,
}

/// How a client splits user info from the host.
#[derive(Clone, Copy, Debug)]
enum At {
    First,
    Last,
}

/// How a client reads a numeric IPv4 host.
#[derive(Clone, Copy, Debug)]
enum Numbers {
    /// inet_aton, glibc's getaddrinfo and curl: 1–4 parts, each decimal, octal (leading 0)
    /// or hex (0x); the last part fills the remaining bytes.
    InetAton,
    /// Java's `InetAddress`: the same shapes, every part decimal, leading zeros ignored.
    DecimalOnly,
}

/// A client, as far as the host it reaches goes.
#[derive(Clone, Copy, Debug)]
struct Reader {
    name: &'static str,
    /// Slashes (never backslashes) it skips after `https:`: exactly two, or one to three.
    lenient_slashes: bool,
    at: At,
    numbers: Numbers,
    percent_decodes_host: bool,
}

const READERS: &[Reader] = &[
    Reader {
        name: "curl",
        lenient_slashes: true,
        at: At::First,
        numbers: Numbers::InetAton,
        percent_decodes_host: true,
    },
    Reader {
        name: "python",
        lenient_slashes: false,
        at: At::Last,
        numbers: Numbers::InetAton,
        percent_decodes_host: false,
    },
    Reader {
        name: "java",
        lenient_slashes: false,
        at: At::Last,
        numbers: Numbers::DecimalOnly,
        percent_decodes_host: false,
    },
];

fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn numeric_ipv4(host: &str, numbers: Numbers) -> Option<Ipv4Addr> {
    let parts: Vec<&str> = host.split('.').collect();
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    let mut values = Vec::new();
    for part in &parts {
        let value = match numbers {
            Numbers::DecimalOnly => {
                if part.is_empty() || part.len() > 12 || !part.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                part.parse::<u64>().ok()?
            }
            Numbers::InetAton => {
                let lower = part.to_ascii_lowercase();
                let (digits, radix) = if let Some(hex) = lower.strip_prefix("0x") {
                    (hex, 16)
                } else if lower.len() > 1 && lower.starts_with('0') {
                    (&lower[1..], 8)
                } else {
                    (lower.as_str(), 10)
                };
                if digits.len() > 12 || (digits.is_empty() && radix != 16) {
                    return None;
                }
                if digits.is_empty() {
                    0
                } else {
                    u64::from_str_radix(digits, radix).ok()?
                }
            }
        };
        values.push(value);
    }
    let (last, head) = values.split_last()?;
    if head.iter().any(|&v| v > 255) || *last >= 1u64 << (8 * (5 - values.len())) {
        return None;
    }
    let mut address = head
        .iter()
        .enumerate()
        .fold(0u64, |acc, (i, &v)| acc | (v << (8 * (3 - i))));
    address |= *last;
    u32::try_from(address).ok().map(Ipv4Addr::from)
}

fn read(url: &str, reader: Reader) -> Reading {
    let Some(colon) = url.find(':') else {
        return Reading::Nothing;
    };
    if !url[..colon].eq_ignore_ascii_case("https") {
        return Reading::Nothing;
    }
    let rest = &url[colon + 1..];
    let slashes = rest.bytes().take_while(|&b| b == b'/').count();
    let enough = if reader.lenient_slashes {
        (1..=3).contains(&slashes)
    } else {
        slashes >= 2
    };
    if !enough {
        return Reading::Nothing;
    }
    let skip = if reader.lenient_slashes { slashes } else { 2 };
    let after = &rest[skip..];
    let authority = after.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = match reader.at {
        At::First => authority.split_once('@').map_or(authority, |(_, h)| h),
        At::Last => authority.rsplit_once('@').map_or(authority, |(_, h)| h),
    };
    if let Some(inside) = host_port.strip_prefix('[') {
        let literal = inside.split(']').next().unwrap_or("");
        let literal = literal.split('%').next().unwrap_or("");
        return literal
            .parse::<Ipv6Addr>()
            .map_or(Reading::Nothing, |a| Reading::Address(IpAddr::V6(a)));
    }
    let host = host_port.split(':').next().unwrap_or("");
    let host = if reader.percent_decodes_host {
        percent_decoded(host)
    } else {
        host.to_owned()
    };
    let host = host.to_ascii_lowercase();
    if host.is_empty() {
        return Reading::Nothing;
    }
    let numeric = host.strip_suffix('.').unwrap_or(&host);
    match numeric_ipv4(numeric, reader.numbers) {
        Some(a) => Reading::Address(IpAddr::V4(a)),
        None => Reading::Name(host),
    }
}

fn reading_is_blocked(reading: &Reading) -> bool {
    match reading {
        Reading::Address(IpAddr::V4(a)) => v4_blocked(*a),
        Reading::Address(IpAddr::V6(a)) => v6_blocked(*a),
        // Other names lead wherever DNS says: the server checks resolved addresses.
        Reading::Name(name) => name_is_localhost(name),
        Reading::Nothing => false,
    }
}

/// Neither the URL as given nor the serialization handed on may lead any modelled client to
/// a blocked address or localhost.
fn assert_no_reader_goes_inward(given: &str, serialized: &str) {
    for text in [given, serialized] {
        for reader in READERS {
            let reading = read(text, *reader);
            assert!(
                !reading_is_blocked(&reading),
                "{} reads {reading:?} in {text:?}, which the classifier passed (given {given:?})",
                reader.name
            );
        }
    }
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
    assert_eq!(
        verdict.as_ref().map(|_| ()).map_err(|e| *e),
        model(&url),
        "classifier and model disagree on {url:?}"
    );
    if let Ok(serialized) = &verdict {
        assert_eq!(
            Some(serialized.as_ref()),
            Url::parse(&url).ok().as_ref().map(Url::as_str),
            "not WHATWG's serialization"
        );
        // The length bound is on the text as given; percent-encoding can take the
        // serialization past it, and only the length may then tell the two apart.
        let again = check_webhook(serialized);
        let too_long = serialized.encode_utf16().count() > 2048;
        assert!(
            again.as_deref() == Ok(serialized.as_ref()) || (too_long && again == Err(WebhookProblem::TooLong)),
            "the serialization is not a fixed point: {again:?}"
        );
        assert_no_reader_goes_inward(&url, serialized);
    }

    // The same URL as a request's webhook gives the matching issue (or none), and a valid
    // request's plan carries the serialization.
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
    match &verdict {
        Ok(serialized) => {
            assert!(hook_errors.is_empty(), "a safe webhook got {hook_errors:?}");
            if !envelope["data"].is_null() {
                assert_eq!(
                    envelope["data"]["webhook"],
                    json!({"value": serialized, "source": "request"})
                );
            }
        }
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
