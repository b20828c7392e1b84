//! Webhook URL syntax and SSRF classification.
//!
//! A webhook is judged on the URL alone: host names are never resolved, so a server must
//! still check every resolved address at connect time (and on each redirect), and call the
//! WHATWG serialization this module returns rather than the text it was given.
//!
//! The server's HTTP client may not be a WHATWG parser. curl, Python's `urllib`, Java's
//! `URI`/`InetAddress` and Go's `net/url` read some URLs differently (a backslash in the
//! authority, `0127.0.0.1`), so hosts written in a way that parsers disagree on are refused
//! whatever address WHATWG finds in them.

use std::borrow::Cow;
use std::net::{Ipv4Addr, Ipv6Addr};

use url::{Host, Url};

/// Why a webhook is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookProblem {
    /// Over 2,048 UTF-16 code units.
    TooLong,
    /// Leading/trailing whitespace or a control character (U+0000–U+001F, U+007F) anywhere.
    ControlOrSpace,
    /// Not an absolute URL by the WHATWG URL standard.
    NotAbsoluteUrl,
    /// `UNSAFE_WEBHOOK` with this reason.
    Unsafe(UnsafeReason),
}

/// `params.reason` of `UNSAFE_WEBHOOK`: the first that applies, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsafeReason {
    /// The scheme is not `https`.
    Scheme,
    /// The URL carries a user name or password.
    Credentials,
    /// `localhost`, `localhost.` or a name ending in `.localhost`.
    Localhost,
    /// An IP literal in a non-global range (after WHATWG parsing).
    PrivateIp,
    /// A host name of a private zone or a cloud metadata service: a single label,
    /// `.internal`, `.local`, `.localdomain`, `.home.arpa`, or a named metadata host.
    InternalName,
    /// A host that URL parsers read differently: a backslash where the authority is, an IPv4
    /// address not written as four plain decimal parts, or a name with characters outside
    /// letters, digits, `-`, `_` and `.`.
    AmbiguousHost,
}

impl UnsafeReason {
    /// Every reason, in the order they are tried.
    pub const ALL: [UnsafeReason; 6] = [
        UnsafeReason::Scheme,
        UnsafeReason::Credentials,
        UnsafeReason::Localhost,
        UnsafeReason::PrivateIp,
        UnsafeReason::InternalName,
        UnsafeReason::AmbiguousHost,
    ];

    /// The wire spelling of `params.reason`.
    pub const fn as_str(self) -> &'static str {
        match self {
            UnsafeReason::Scheme => "SCHEME",
            UnsafeReason::Credentials => "CREDENTIALS",
            UnsafeReason::Localhost => "LOCALHOST",
            UnsafeReason::PrivateIp => "PRIVATE_IP",
            UnsafeReason::InternalName => "INTERNAL_NAME",
            UnsafeReason::AmbiguousHost => "AMBIGUOUS_HOST",
        }
    }
}

/// The longest webhook accepted, in UTF-16 code units.
const MAX_UTF16_LENGTH: usize = 2048;

/// Judge one webhook URL as given in the request. A safe URL comes back as its WHATWG
/// serialization (borrowed when that is the text as given): the exact text the server
/// must call.
pub fn check_webhook(url: &str) -> Result<Cow<'_, str>, WebhookProblem> {
    // UTF-16 never needs more units than UTF-8 needs bytes, so most inputs skip the count.
    if url.len() > MAX_UTF16_LENGTH && url.encode_utf16().count() > MAX_UTF16_LENGTH {
        return Err(WebhookProblem::TooLong);
    }
    // The WHATWG parser silently strips these, so the URL used would not be the one given.
    if url.starts_with(char::is_whitespace)
        || url.ends_with(char::is_whitespace)
        || url.bytes().any(|byte| byte < 0x20 || byte == 0x7f)
    {
        return Err(WebhookProblem::ControlOrSpace);
    }
    let parsed = Url::parse(url).map_err(|_| WebhookProblem::NotAbsoluteUrl)?;
    if let Some(reason) = unsafe_reason(url, &parsed) {
        return Err(WebhookProblem::Unsafe(reason));
    }
    Ok(if parsed.as_str() == url {
        Cow::Borrowed(url)
    } else {
        Cow::Owned(parsed.into())
    })
}

fn unsafe_reason(text: &str, url: &Url) -> Option<UnsafeReason> {
    // The parser has already lower-cased the scheme (`HTTPS:` is `https`).
    if url.scheme() != "https" {
        return Some(UnsafeReason::Scheme);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Some(UnsafeReason::Credentials);
    }
    let host = url.host()?;
    match host {
        Host::Domain(name) if is_localhost(name) => return Some(UnsafeReason::Localhost),
        Host::Ipv4(address) if is_blocked_ipv4(address) => return Some(UnsafeReason::PrivateIp),
        Host::Ipv6(address) if is_blocked_ipv6(address) => return Some(UnsafeReason::PrivateIp),
        Host::Domain(name) if is_internal_name(name) => return Some(UnsafeReason::InternalName),
        _ => {}
    }
    let written = WrittenAuthority::of(text);
    let ambiguous = written.has_backslash
        || match host {
            // The serialization is the one spelling every parser reads alike.
            Host::Ipv4(address) => written.host != address.to_string(),
            Host::Domain(name) => !name.bytes().all(is_plain_host_name_byte),
            Host::Ipv6(_) => false,
        };
    ambiguous.then_some(UnsafeReason::AmbiguousHost)
}

/// The authority of an `https` URL as the caller wrote it, before any parser touched it.
#[derive(Debug)]
struct WrittenAuthority<'a> {
    /// A backslash among the separators after the scheme or inside the authority: WHATWG
    /// reads it as `/`, most other parsers as part of the user name or host.
    has_backslash: bool,
    /// The host as written: after the last `@`, before the port.
    host: &'a str,
}

impl<'a> WrittenAuthority<'a> {
    /// `text` is a URL the WHATWG parser accepted with scheme `https`, so it starts with
    /// those five letters in some case and a colon (controls and spaces are refused first).
    fn of(text: &'a str) -> Self {
        let after_scheme = text.split_once(':').map_or("", |(_, rest)| rest);
        let authority_start = after_scheme.trim_start_matches(['/', '\\']);
        let separators = after_scheme.strip_suffix(authority_start).unwrap_or_default();
        let authority = authority_start.split(['/', '?', '#']).next().unwrap_or_default();
        let host_and_port = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
        // WHATWG has accepted the URL, so an IPv4 or name host holds no `:` of its own and
        // the first one starts the port.
        let host = if host_and_port.starts_with('[') {
            host_and_port
        } else {
            host_and_port.split(':').next().unwrap_or_default()
        };
        WrittenAuthority {
            has_backslash: separators.contains('\\') || authority.contains('\\'),
            host,
        }
    }
}

/// ASCII letters, digits, `-`, `_` and `.`: the bytes every URL parser and resolver reads
/// the same way in a host name.
fn is_plain_host_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.')
}

/// `localhost` or any name under it (RFC 6761 §6.3), with any trailing dots, in any case.
/// The parser has already percent-decoded and IDNA-mapped the name (`%6Cocalhost`,
/// full-width letters).
fn is_localhost(name: &str) -> bool {
    has_suffix_zone(name.trim_end_matches('.'), "localhost")
}

/// Private zones (RFC 6762 `.local`, RFC 8375 `.home.arpa`, ICANN's reserved `.internal`,
/// the customary `.localdomain`) whose names only resolve inside a network.
const PRIVATE_ZONES: [&str; 4] = ["internal", "local", "localdomain", "home.arpa"];

/// Cloud metadata services reached by a public-looking name.
const METADATA_HOSTS: [&str; 3] = [
    "metadata.tencentyun.com",
    "metadata.packet.net",
    "metadata.platformequinix.com",
];

/// A name that leads into a private network or a cloud metadata service: one label (a
/// search-domain name such as `metadata` or `instance-data`), a name in a private zone (or
/// `home.arpa` itself), or a named metadata host. Trailing dots do not matter.
fn is_internal_name(name: &str) -> bool {
    let name = name.trim_end_matches('.');
    !name.contains('.')
        || name.eq_ignore_ascii_case("home.arpa")
        || PRIVATE_ZONES
            .iter()
            .any(|zone| has_suffix_zone(name, zone) && name.len() > zone.len())
        || METADATA_HOSTS.iter().any(|host| name.eq_ignore_ascii_case(host))
}

/// `name` is `zone` or ends in `.zone`, ignoring ASCII case.
fn has_suffix_zone(name: &str, zone: &str) -> bool {
    let name = name.as_bytes();
    let Some(tail_start) = name.len().checked_sub(zone.len()) else {
        return false;
    };
    let (head, tail) = name.split_at(tail_start);
    tail.eq_ignore_ascii_case(zone.as_bytes()) && (head.is_empty() || head.ends_with(b"."))
}

/// IPv4 ranges that are not globally reachable: (network, prefix length).
const BLOCKED_IPV4: &[(u32, u32)] = &[
    (0x0000_0000, 8),  // 0.0.0.0/8 "this network"
    (0x0a00_0000, 8),  // 10.0.0.0/8 private
    (0x6440_0000, 10), // 100.64.0.0/10 shared address space (CGNAT)
    (0x7f00_0000, 8),  // 127.0.0.0/8 loopback
    (0xa9fe_0000, 16), // 169.254.0.0/16 link-local (cloud metadata)
    (0xac10_0000, 12), // 172.16.0.0/12 private
    (0xc000_0000, 24), // 192.0.0.0/24 IETF protocol assignments
    (0xc000_0200, 24), // 192.0.2.0/24 documentation
    (0xc058_6300, 24), // 192.88.99.0/24 deprecated 6to4 relay anycast
    (0xc0a8_0000, 16), // 192.168.0.0/16 private
    (0xc612_0000, 15), // 198.18.0.0/15 benchmarking
    (0xc633_6400, 24), // 198.51.100.0/24 documentation
    (0xcb00_7100, 24), // 203.0.113.0/24 documentation
    (0xe000_0000, 4),  // 224.0.0.0/4 multicast
    (0xf000_0000, 4),  // 240.0.0.0/4 reserved
    (0xffff_ffff, 32), // 255.255.255.255 broadcast
];

/// IPv6 ranges that are not globally reachable: (network, prefix length).
const BLOCKED_IPV6: &[(u128, u32)] = &[
    (0, 128),                                    // :: unspecified
    (1, 128),                                    // ::1 loopback
    (0x0064_ff9b_0001_u128 << 80, 48),           // 64:ff9b:1::/48 local-use IPv4/IPv6 translation
    (0x0100_u128 << 112, 64),                    // 100::/64 discard-only
    (0x2001_u128 << 112, 23),                    // 2001::/23 IETF protocol assignments (Teredo, …)
    ((0x2001_u128 << 112) | (0x0db8 << 96), 32), // 2001:db8::/32 documentation
    (0x3fff_u128 << 112, 20),                    // 3fff::/20 documentation
    (0x5f00_u128 << 112, 16),                    // 5f00::/16 segment routing SIDs
    (0xfc00_u128 << 112, 7),                     // fc00::/7 unique local
    (0xfe80_u128 << 112, 10),                    // fe80::/10 link-local
    (0xfec0_u128 << 112, 10),                    // fec0::/10 site-local (deprecated)
    (0xff00_u128 << 112, 8),                     // ff00::/8 multicast
];

fn is_blocked_ipv4(address: Ipv4Addr) -> bool {
    let bits = u32::from(address);
    BLOCKED_IPV4.iter().any(|&(network, length)| {
        let mask = u32::MAX.checked_shl(32 - length).unwrap_or(0);
        bits & mask == network
    })
}

fn is_blocked_ipv6(address: Ipv6Addr) -> bool {
    let bits = u128::from(address);
    let listed = BLOCKED_IPV6.iter().any(|&(network, length)| {
        let mask = u128::MAX.checked_shl(128 - length).unwrap_or(0);
        bits & mask == network
    });
    listed || embedded_ipv4(bits).is_some_and(is_blocked_ipv4)
}

/// The IPv4 address an IPv6 address carries, in the forms that reach it: IPv4-mapped
/// `::ffff:a.b.c.d`, IPv4-translated `::ffff:0:a.b.c.d`, IPv4-compatible `::a.b.c.d`,
/// NAT64 `64:ff9b::a.b.c.d` (/96) and 6to4 `2002:aabb:ccdd::` (/16, the address in bits
/// 16–47).
fn embedded_ipv4(bits: u128) -> Option<Ipv4Addr> {
    const LOW_32: u128 = 0xffff_ffff;
    let prefix_96 = bits >> 32;
    // `as u32` keeps exactly the 32 bits selected by the mask.
    let low = Ipv4Addr::from((bits & LOW_32) as u32);
    if matches!(prefix_96, 0 | 0xffff | 0xffff_0000) || prefix_96 == 0x0064_ff9b_u128 << 64 {
        Some(low)
    } else if bits >> 112 == 0x2002 {
        Some(Ipv4Addr::from(((bits >> 80) & LOW_32) as u32))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: Result<(), WebhookProblem> = Ok(());
    const SCHEME: Result<(), WebhookProblem> = Err(WebhookProblem::Unsafe(UnsafeReason::Scheme));
    const CREDENTIALS: Result<(), WebhookProblem> = Err(WebhookProblem::Unsafe(UnsafeReason::Credentials));
    const LOCALHOST: Result<(), WebhookProblem> = Err(WebhookProblem::Unsafe(UnsafeReason::Localhost));
    const PRIVATE: Result<(), WebhookProblem> = Err(WebhookProblem::Unsafe(UnsafeReason::PrivateIp));
    const INTERNAL: Result<(), WebhookProblem> = Err(WebhookProblem::Unsafe(UnsafeReason::InternalName));
    const AMBIGUOUS: Result<(), WebhookProblem> = Err(WebhookProblem::Unsafe(UnsafeReason::AmbiguousHost));
    const NOT_ABSOLUTE: Result<(), WebhookProblem> = Err(WebhookProblem::NotAbsoluteUrl);
    const CONTROL: Result<(), WebhookProblem> = Err(WebhookProblem::ControlOrSpace);
    const TOO_LONG: Result<(), WebhookProblem> = Err(WebhookProblem::TooLong);

    fn assert_table(cases: &[(&str, Result<(), WebhookProblem>)]) {
        let failures: Vec<String> = cases
            .iter()
            .filter_map(|(url, expected)| {
                let got = check_webhook(url).map(|_| ());
                (got != *expected).then(|| format!("{url:?}: got {got:?}, expected {expected:?}"))
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// (first, last) of each blocked IPv4 range, and the addresses just outside it that are
    /// not themselves blocked.
    #[test]
    fn ipv4_range_edges() {
        let blocked = [
            "0.0.0.0",
            "0.255.255.255",
            "10.0.0.0",
            "10.255.255.255",
            "100.64.0.0",
            "100.127.255.255",
            "127.0.0.0",
            "127.0.0.1",
            "127.255.255.255",
            "169.254.0.0",
            "169.254.169.254",
            "169.254.255.255",
            "172.16.0.0",
            "172.31.255.255",
            "192.0.0.0",
            "192.0.0.255",
            "192.0.2.0",
            "192.0.2.255",
            "192.88.99.0",
            "192.88.99.1",
            "192.88.99.255",
            "192.168.0.0",
            "192.168.255.255",
            "198.18.0.0",
            "198.19.255.255",
            "198.51.100.0",
            "198.51.100.255",
            "203.0.113.0",
            "203.0.113.255",
            "224.0.0.0",
            "239.255.255.255",
            "240.0.0.0",
            "255.255.255.254",
            "255.255.255.255",
        ];
        let allowed = [
            "1.0.0.0",
            "9.255.255.255",
            "11.0.0.0",
            "100.63.255.255",
            "100.128.0.0",
            "126.255.255.255",
            "128.0.0.0",
            "169.253.255.255",
            "169.255.0.0",
            "172.15.255.255",
            "172.32.0.0",
            "191.255.255.255",
            "192.0.1.0",
            "192.0.1.255",
            "192.0.3.0",
            "192.88.98.255",
            "192.88.100.0",
            "192.167.255.255",
            "192.169.0.0",
            "198.17.255.255",
            "198.20.0.0",
            "198.51.99.255",
            "198.51.101.0",
            "203.0.112.255",
            "203.0.114.0",
            "223.255.255.255",
            "8.8.8.8",
            "93.184.216.34",
        ];
        let mut cases: Vec<(String, Result<(), WebhookProblem>)> = Vec::new();
        cases.extend(blocked.iter().map(|ip| (format!("https://{ip}/h"), PRIVATE)));
        cases.extend(allowed.iter().map(|ip| (format!("https://{ip}/h"), OK)));
        let borrowed: Vec<(&str, _)> = cases.iter().map(|(url, expected)| (url.as_str(), *expected)).collect();
        assert_table(&borrowed);
    }

    #[test]
    fn ipv4_spellings_are_judged_after_whatwg_parsing() {
        assert_table(&[
            ("https://0x7f.1/", PRIVATE),
            ("https://0X7F.0.0.1/", PRIVATE),
            ("https://2130706433/", PRIVATE),
            ("https://0x7f000001/", PRIVATE),
            ("https://017700000001/", PRIVATE),
            ("https://0177.0.0.1/", PRIVATE),
            ("https://127.1/", PRIVATE),
            ("https://127.0.1/", PRIVATE),
            ("https://127.000.000.001/", PRIVATE),
            ("https://127.0.0.1./", PRIVATE),
            ("https://127.0.0.1:8443/x", PRIVATE),
            ("https://0/", PRIVATE),
            ("https://10.1/", PRIVATE),
            ("https://167772161/", PRIVATE),
            ("https://%31%32%37.0.0.1/", PRIVATE),
            ("https://%30x7f.1/", PRIVATE),
            ("https://\u{FF11}\u{FF12}\u{FF17}.\u{FF10}.\u{FF10}.\u{FF11}/", PRIVATE),
            ("https://3232235521/", PRIVATE),
            ("https://0xc0.0xa8.1.1/", PRIVATE),
            // A public address in a spelling parsers disagree on is refused as ambiguous.
            ("https://134744072/", AMBIGUOUS),
            ("https://0x08080808/", AMBIGUOUS),
            ("https://010.010.010.010/", AMBIGUOUS),
            // Not IPv4 at all: WHATWG refuses these.
            ("https://256.0.0.1/", NOT_ABSOLUTE),
            ("https://0x100000000/", NOT_ABSOLUTE),
            ("https://1.2.3.4.5/", NOT_ABSOLUTE),
            ("https://08.0.0.1/", NOT_ABSOLUTE),
        ]);
    }

    #[test]
    fn ipv6_range_edges() {
        assert_table(&[
            ("https://[::]/", PRIVATE),
            ("https://[::1]/", PRIVATE),
            ("https://[0:0:0:0:0:0:0:1]/", PRIVATE),
            ("https://[0000:0000:0000:0000:0000:0000:0000:0001]/", PRIVATE),
            ("https://[fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]/", OK),
            ("https://[fc00::]/", PRIVATE),
            ("https://[fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]/", PRIVATE),
            ("https://[fe00::]/", OK),
            ("https://[fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff]/", OK),
            ("https://[fe80::]/", PRIVATE),
            ("https://[FE80::1]/", PRIVATE),
            ("https://[febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff]/", PRIVATE),
            ("https://[fec0::]/", PRIVATE),
            ("https://[feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]/", PRIVATE),
            ("https://[ff00::]/", PRIVATE),
            ("https://[ff02::1]/", PRIVATE),
            ("https://[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]/", PRIVATE),
            ("https://[2001:db7:ffff:ffff:ffff:ffff:ffff:ffff]/", OK),
            ("https://[2001:db8::]/", PRIVATE),
            ("https://[2001:DB8:ffff:ffff:ffff:ffff:ffff:ffff]/", PRIVATE),
            ("https://[2001:db9::]/", OK),
            ("https://[2606:4700:4700::1111]/", OK),
            ("https://[2001:4860:4860::8888]:443/", OK),
        ]);
    }

    #[test]
    fn ipv6_forms_embedding_ipv4() {
        assert_table(&[
            // IPv4-mapped ::ffff:0:0/96.
            ("https://[::ffff:127.0.0.1]/", PRIVATE),
            ("https://[::ffff:7f00:1]/", PRIVATE),
            ("https://[::FFFF:10.0.0.1]/", PRIVATE),
            ("https://[::ffff:169.254.169.254]/", PRIVATE),
            ("https://[0:0:0:0:0:ffff:192.168.1.1]/", PRIVATE),
            ("https://[::ffff:8.8.8.8]/", OK),
            // IPv4-compatible ::/96 (so ::2 is 0.0.0.2, inside 0.0.0.0/8).
            ("https://[::127.0.0.1]/", PRIVATE),
            ("https://[::2]/", PRIVATE),
            ("https://[::a00:1]/", PRIVATE),
            ("https://[::8.8.8.8]/", OK),
            // NAT64 64:ff9b::/96.
            ("https://[64:ff9b::127.0.0.1]/", PRIVATE),
            ("https://[64:ff9b::7f00:1]/", PRIVATE),
            ("https://[64:ff9b::a9fe:a9fe]/", PRIVATE),
            ("https://[64:ff9b::8.8.8.8]/", OK),
            ("https://[64:ff9b:1::7f00:1]/", PRIVATE),
            ("https://[64:ff9b:1:ffff:ffff:ffff:ffff:ffff]/", PRIVATE),
            ("https://[64:ff9b:2::]/", OK),
            // IPv4-translated ::ffff:0:0:0/96.
            ("https://[::ffff:0:127.0.0.1]/", PRIVATE),
            ("https://[::ffff:0:a9fe:a9fe]/", PRIVATE),
            ("https://[::ffff:0:8.8.8.8]/", OK),
            // 6to4 2002::/16, IPv4 in bits 16-47.
            ("https://[2002:7f00:1::]/", PRIVATE),
            ("https://[2002:c0a8:101::1]/", PRIVATE),
            ("https://[2002:a00:1:ffff:ffff:ffff:ffff:ffff]/", PRIVATE),
            ("https://[2002:808:808::1]/", OK),
            ("https://[2003:7f00:1::]/", OK),
            // IPv6 zone identifiers are not WHATWG syntax.
            ("https://[fe80::1%25eth0]/", NOT_ABSOLUTE),
            ("https://[::1/", NOT_ABSOLUTE),
        ]);
    }

    #[test]
    fn localhost_names() {
        assert_table(&[
            ("https://localhost/", LOCALHOST),
            ("https://LOCALHOST/", LOCALHOST),
            ("https://LocalHost:8443/x", LOCALHOST),
            ("https://localhost./", LOCALHOST),
            ("https://localhost../", LOCALHOST),
            ("https://api.localhost/", LOCALHOST),
            ("https://a.b.LOCALHOST./", LOCALHOST),
            ("https://%6Cocalhost/", LOCALHOST),
            (
                "https://\u{FF4C}\u{FF4F}\u{FF43}\u{FF41}\u{FF4C}\u{FF48}\u{FF4F}\u{FF53}\u{FF54}/",
                LOCALHOST,
            ),
            ("https://localhost.example.com/", OK),
            ("https://notlocalhost.example/", OK),
            ("https://localhostx.example/", OK),
            ("https://my-localhost.example/", OK),
            // One label that is not localhost is an internal name.
            ("https://notlocalhost/", INTERNAL),
            ("https://localhostx/", INTERNAL),
            ("https://example.com/localhost", OK),
        ]);
    }

    #[test]
    fn userinfo() {
        assert_table(&[
            ("https://user@example.com/", CREDENTIALS),
            ("https://user:secret@example.com/", CREDENTIALS),
            ("https://:secret@example.com/", CREDENTIALS),
            ("https://user:@example.com/", CREDENTIALS),
            ("https://%75ser@example.com/", CREDENTIALS),
            // Credentials come before the host checks.
            ("https://user@localhost/", CREDENTIALS),
            ("https://user@127.0.0.1/", CREDENTIALS),
            // An empty userinfo carries nothing; the parser drops it.
            ("https://@example.com/", OK),
            ("https://:@example.com/", OK),
            // `@` after the host is path, not userinfo.
            ("https://example.com/a@b", OK),
        ]);
    }

    #[test]
    fn schemes() {
        assert_table(&[
            ("https://example.com/", OK),
            ("HTTPS://EXAMPLE.COM/", OK),
            ("hTTpS://example.com/", OK),
            ("http://example.com/", SCHEME),
            ("HTTP://example.com/", SCHEME),
            ("ftp://example.com/", SCHEME),
            ("wss://example.com/", SCHEME),
            ("file:///etc/passwd", SCHEME),
            ("javascript:alert(1)", SCHEME),
            ("mailto:ops@example.com", SCHEME),
            ("data:text/plain,hi", SCHEME),
            ("https+x://example.com/", SCHEME),
            // The scheme is the first reason, before credentials and host.
            ("http://user@localhost/", SCHEME),
            ("http://127.0.0.1/", SCHEME),
            // WHATWG repairs a special scheme without slashes, or with too many.
            ("https:example.com/h", OK),
            ("https:///example.com/h", OK),
            // With backslashes other parsers find no host, or another one.
            ("https:\\\\example.com\\h", AMBIGUOUS),
        ]);
    }

    #[test]
    fn not_absolute() {
        assert_table(&[
            ("", NOT_ABSOLUTE),
            ("/relative/path", NOT_ABSOLUTE),
            ("relative/path", NOT_ABSOLUTE),
            ("example.com/hook", NOT_ABSOLUTE),
            ("//example.com/hook", NOT_ABSOLUTE),
            ("?x=1", NOT_ABSOLUTE),
            ("#frag", NOT_ABSOLUTE),
            ("https://", NOT_ABSOLUTE),
            ("https://exa mple.com/", NOT_ABSOLUTE),
            ("https://example.com:99999/", NOT_ABSOLUTE),
            ("https://ex%00ample.com/", NOT_ABSOLUTE),
            ("https://%zz/", NOT_ABSOLUTE),
            ("://example.com", NOT_ABSOLUTE),
        ]);
    }

    #[test]
    fn whitespace_and_controls() {
        assert_table(&[
            (" https://example.com/", CONTROL),
            ("https://example.com/ ", CONTROL),
            ("\u{A0}https://example.com/", CONTROL),
            ("https://example.com/\u{3000}", CONTROL),
            ("https://example.com/\u{2028}", CONTROL),
            ("https://exa\tmple.com/", CONTROL),
            ("https://example.com/\n", CONTROL),
            ("https://example.com/a\rb", CONTROL),
            ("https://example.com/\u{0}", CONTROL),
            ("https://example.com/\u{1f}", CONTROL),
            ("https://example.com/\u{7f}", CONTROL),
            ("\u{1}relative", CONTROL),
            // Inside the URL a space is not a control; the parser percent-encodes it.
            ("https://example.com/a b", OK),
            // C1 controls and other Unicode in the path are encoded, not refused.
            ("https://example.com/\u{85}x", OK),
            ("https://example.com/caf\u{E9}", OK),
        ]);
    }

    #[test]
    fn length_limit_counts_utf16_code_units() {
        let base = "https://example.com/";
        let exactly = format!("{base}{}", "a".repeat(MAX_UTF16_LENGTH - base.len()));
        let over = format!("{exactly}a");
        // é is 2 UTF-8 bytes but 1 UTF-16 unit; 😀 is 4 bytes and 2 units.
        let accented = format!("{base}{}", "\u{E9}".repeat(MAX_UTF16_LENGTH - base.len()));
        let accented_over = format!("{accented}\u{E9}");
        let emoji = format!("{base}{}", "\u{1F600}".repeat((MAX_UTF16_LENGTH - base.len()) / 2));
        let emoji_over = format!("{emoji}\u{1F600}");
        assert_eq!(exactly.encode_utf16().count(), 2048);
        assert_eq!(emoji.encode_utf16().count(), 2048);
        assert_table(&[
            (&exactly, OK),
            (&over, TOO_LONG),
            (&accented, OK),
            (&accented_over, TOO_LONG),
            (&emoji, OK),
            (&emoji_over, TOO_LONG),
        ]);
        // The length is judged before anything else.
        let long_and_bad = format!(" {}", "\u{0}".repeat(MAX_UTF16_LENGTH));
        assert_eq!(check_webhook(&long_and_bad).map(|_| ()), TOO_LONG);
    }

    #[test]
    fn wire_spelling_of_reasons() {
        let spelled: Vec<&str> = UnsafeReason::ALL.iter().map(|reason| reason.as_str()).collect();
        assert_eq!(
            spelled,
            [
                "SCHEME",
                "CREDENTIALS",
                "LOCALHOST",
                "PRIVATE_IP",
                "INTERNAL_NAME",
                "AMBIGUOUS_HOST"
            ]
        );
    }

    #[test]
    fn more_ipv6_ranges() {
        assert_table(&[
            // 100::/64 discard-only.
            ("https://[100::]/", PRIVATE),
            ("https://[100::ffff:ffff:ffff:ffff]/", PRIVATE),
            ("https://[100:0:0:1::]/", OK),
            ("https://[ff::ffff:ffff:ffff:ffff]/", OK),
            // 2001::/23, Teredo 2001::/32 among them.
            ("https://[2001::]/", PRIVATE),
            ("https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", PRIVATE),
            ("https://[2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff]/", PRIVATE),
            ("https://[2001:200::]/", OK),
            ("https://[2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff]/", OK),
            // 3fff::/20 documentation.
            ("https://[3fff::]/", PRIVATE),
            ("https://[3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff]/", PRIVATE),
            ("https://[3fff:1000::]/", OK),
            ("https://[3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff]/", OK),
            // 5f00::/16 segment routing.
            ("https://[5f00::1]/", PRIVATE),
            ("https://[5f00:ffff:ffff:ffff:ffff:ffff:ffff:ffff]/", PRIVATE),
            ("https://[5eff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]/", OK),
            ("https://[5f01::]/", OK),
            // fec0::/10 site-local.
            ("https://[febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff]/", PRIVATE),
            ("https://[fec0::1]/", PRIVATE),
            ("https://[fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff]/", OK),
        ]);
    }

    #[test]
    fn internal_names() {
        assert_table(&[
            // One label: resolved through search domains, inside the network.
            ("https://metadata/computeMetadata/v1/", INTERNAL),
            ("https://metadata./", INTERNAL),
            ("https://instance-data/latest/", INTERNAL),
            ("https://ip6-localhost/", INTERNAL),
            ("https://intranet:8443/x", INTERNAL),
            ("https://xn--mnchen-3ya/", INTERNAL),
            ("https://m\u{FC}nchen/", INTERNAL),
            // Private zones, and the zone names themselves.
            ("https://metadata.google.internal/computeMetadata/v1/", INTERNAL),
            ("https://METADATA.GOOGLE.INTERNAL./", INTERNAL),
            ("https://jenkins.internal/", INTERNAL),
            ("https://printer.local/", INTERNAL),
            ("https://box.localdomain/", INTERNAL),
            ("https://router.home.arpa/", INTERNAL),
            ("https://home.arpa/", INTERNAL),
            ("https://HOME.ARPA./", INTERNAL),
            ("https://internal/", INTERNAL),
            // Cloud metadata services under public names.
            ("https://metadata.tencentyun.com/latest/meta-data/", INTERNAL),
            ("https://metadata.packet.net/userdata", INTERNAL),
            ("https://Metadata.PlatformEquinix.com./metadata", INTERNAL),
            // Neighbours that are ordinary public names.
            ("https://internal.example.com/", OK),
            ("https://example.internal.com/", OK),
            ("https://example.local.com/", OK),
            ("https://notinternal/x", INTERNAL),
            ("https://example.arpa/", OK),
            ("https://x.arpa/", OK),
            ("https://tencentyun.com/", OK),
            ("https://api.metadata.packet.net/", OK),
            ("https://metadata.packet.net.example.com/", OK),
            ("https://metadata.google.com/", OK),
            ("https://example.com./", OK),
        ]);
    }

    #[test]
    fn backslash_in_authority_is_ambiguous() {
        assert_table(&[
            // WHATWG: host good.example, path /@169.254.169.254/…; curl and Python: host 169.254.169.254.
            ("https://good.example\\@169.254.169.254/latest/meta-data/", AMBIGUOUS),
            ("https://good.example\\\\@127.0.0.1/", AMBIGUOUS),
            ("https://google.com:80\\\\@127.88.23.245:22/", AMBIGUOUS),
            ("https://good.example\\.evil.example/", AMBIGUOUS),
            ("https://good.example\\", AMBIGUOUS),
            ("https://good.example:443\\x", AMBIGUOUS),
            ("https:/\\good.example/", AMBIGUOUS),
            ("https:\\/good.example/", AMBIGUOUS),
            ("https:\\\\good.example/", AMBIGUOUS),
            // A backslash after the authority is path: every parser agrees on the host.
            ("https://good.example/a\\b", OK),
            ("https://good.example/\\@169.254.169.254/", OK),
            ("https://good.example?x=\\@127.0.0.1", OK),
            ("https://good.example#\\@127.0.0.1", OK),
            // Where WHATWG reads an inward host, that reason comes first.
            ("https://127.0.0.1\\@good.example/", PRIVATE),
            ("https://localhost\\@good.example/", LOCALHOST),
            ("https://metadata\\@good.example/", INTERNAL),
        ]);
    }

    #[test]
    fn ipv4_spelled_other_than_plain_decimal_is_ambiguous() {
        assert_table(&[
            // Leading zeros: octal to WHATWG, curl and inet_aton; decimal to Java.
            ("https://0127.0.0.1/", AMBIGUOUS),
            ("https://010.0.0.1/", AMBIGUOUS),
            ("https://08.8.8.08/", NOT_ABSOLUTE),
            ("https://8.8.8.010/", AMBIGUOUS),
            ("https://8.8.8.00/", AMBIGUOUS),
            ("https://0x8.8.8.8/", AMBIGUOUS),
            ("https://0X8.8.8.8/", AMBIGUOUS),
            ("https://134744072/", AMBIGUOUS),
            ("https://8.8.2056/", AMBIGUOUS),
            ("https://8.526344/", AMBIGUOUS),
            ("https://8.8.8.8./", AMBIGUOUS),
            ("https://%38.8.8.8/", AMBIGUOUS),
            ("https://\u{FF18}.\u{FF18}.\u{FF18}.\u{FF18}/", AMBIGUOUS),
            ("https://8\u{3002}8\u{3002}8\u{3002}8/", AMBIGUOUS),
            ("https://0x.8.8.8/", PRIVATE),
            // Plain decimal, with or without a port or an empty user info.
            ("https://8.8.8.8/", OK),
            ("https://8.8.8.8:8443/x", OK),
            ("https://8.8.8.8:/x", OK),
            ("https://@8.8.8.8/", OK),
            ("https://0.8.8.8/", PRIVATE),
            ("https://1.0.0.1/", OK),
            ("https://100.128.100.100/", OK),
            ("https://223.255.255.255/", OK),
        ]);
    }

    #[test]
    fn host_names_outside_plain_characters_are_ambiguous() {
        assert_table(&[
            // A domain to WHATWG; Node's legacy `url.parse` cuts it at `;` and finds an IP.
            ("https://169.254.169.254;https/", AMBIGUOUS),
            ("https://8.8.8.8;.example.com/", AMBIGUOUS),
            ("https://example.com;127.0.0.1/", NOT_ABSOLUTE),
            ("https://ex!ample.com/", AMBIGUOUS),
            ("https://ex$ample.com/", AMBIGUOUS),
            ("https://ex&ample.com/", AMBIGUOUS),
            ("https://ex'ample.com/", AMBIGUOUS),
            ("https://ex(ample).com/", AMBIGUOUS),
            ("https://ex*ample.com/", AMBIGUOUS),
            ("https://ex+ample.com/", AMBIGUOUS),
            ("https://ex,ample.com/", AMBIGUOUS),
            ("https://ex=ample.com/", AMBIGUOUS),
            ("https://ex~ample.com/", AMBIGUOUS),
            ("https://ex\"ample.com/", AMBIGUOUS),
            ("https://ex{ample}.com/", AMBIGUOUS),
            ("https://ex`ample.com/", AMBIGUOUS),
            ("https://ex%3Bample.com/", AMBIGUOUS),
            // Letters, digits, `-`, `_`, `.`, and anything IDNA maps onto them, are plain.
            ("https://hooks_1.example-site.com/", OK),
            ("https://EXAMPLE.com/", OK),
            ("https://ex%61mple.com/", OK),
            ("https://b\u{FC}cher.example/", OK),
            (
                "https://\u{FF45}\u{FF58}\u{FF41}\u{FF4D}\u{FF50}\u{FF4C}\u{FF45}.com/",
                OK,
            ),
            ("https://example\u{3002}com/", OK),
        ]);
    }

    #[test]
    fn reasons_come_in_order() {
        assert_table(&[
            ("http://user@localhost/", SCHEME),
            ("https://user@localhost/", CREDENTIALS),
            ("https://user@good.example\\@127.0.0.1/", CREDENTIALS),
            ("https://localhost\\@8.8.8.8/", LOCALHOST),
            ("https://0x7f.1/", PRIVATE),
            ("https://0177.0.0.1/", PRIVATE),
            ("https://metadata;x/", INTERNAL),
            ("https://metadata.internal\\/", INTERNAL),
            ("https://good.example\\@metadata/", AMBIGUOUS),
        ]);
    }

    #[test]
    fn safe_webhooks_come_back_as_their_whatwg_serialization() {
        let cases = [
            ("https://hooks.example.com/sms", "https://hooks.example.com/sms"),
            ("https://example.com", "https://example.com/"),
            ("HTTPS://EXAMPLE.COM:443/A?b#c", "https://example.com/A?b#c"),
            ("https:example.com/h", "https://example.com/h"),
            ("https:///example.com/h", "https://example.com/h"),
            ("https://example.com/a b/../c", "https://example.com/c"),
            ("https://example.com/a\\b", "https://example.com/a/b"),
            ("https://@example.com/", "https://example.com/"),
            ("https://b\u{FC}cher.example/", "https://xn--bcher-kva.example/"),
            ("https://ex%61mple.com/", "https://example.com/"),
            ("https://[0:0:0:0:0:ffff:8.8.8.8]/", "https://[::ffff:808:808]/"),
            (
                "https://example.com/caf\u{E9}?q=\u{E9}",
                "https://example.com/caf%C3%A9?q=%C3%A9",
            ),
        ];
        for (given, serialized) in cases {
            let got = check_webhook(given);
            assert_eq!(got.as_deref(), Ok(serialized), "{given:?}");
            // Already serialized text is borrowed, not copied.
            assert!(
                matches!(check_webhook(serialized), Ok(Cow::Borrowed(_))),
                "{serialized:?}"
            );
        }
        // The serialization is a fixed point: judging it again gives itself.
        for (given, _) in cases {
            let once = check_webhook(given).unwrap().into_owned();
            assert_eq!(check_webhook(&once).as_deref(), Ok(once.as_str()), "{given:?}");
        }
    }
}
