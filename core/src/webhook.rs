//! CONTRACT STUB — to be replaced (helper "text").
//!
//! Webhook URL syntax and SSRF classification (SPEC §3.6, §8 "Webhook").

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
}

impl UnsafeReason {
    /// The wire spelling of `params.reason`.
    pub const fn as_str(self) -> &'static str {
        match self {
            UnsafeReason::Scheme => "SCHEME",
            UnsafeReason::Credentials => "CREDENTIALS",
            UnsafeReason::Localhost => "LOCALHOST",
            UnsafeReason::PrivateIp => "PRIVATE_IP",
        }
    }
}

/// Judge one webhook URL as given in the request.
pub fn check_webhook(url: &str) -> Result<(), WebhookProblem> {
    if url.starts_with("https://") { Ok(()) } else { Err(WebhookProblem::Unsafe(UnsafeReason::Scheme)) }
}
