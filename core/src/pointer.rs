//! RFC 6901 JSON Pointers, built by appending escaped reference tokens.

/// Escape one reference token: `~` becomes `~0`, `/` becomes `~1`.
pub fn escape_token(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains(['~', '/']) {
        std::borrow::Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        std::borrow::Cow::Borrowed(token)
    }
}

/// `base` + `/` + the escaped `token`.
pub fn join(base: &str, token: &str) -> String {
    let token = escape_token(token);
    let mut out = String::with_capacity(base.len() + 1 + token.len());
    out.push_str(base);
    out.push('/');
    out.push_str(&token);
    out
}

/// `base` + `/` + `index`.
pub fn join_index(base: &str, index: usize) -> String {
    format!("{base}/{index}")
}

/// The first reference token of `pointer`, unescaped (`"/a~1b/c"` gives `"a/b"`).
pub fn first_token(pointer: &str) -> Option<String> {
    let rest = pointer.strip_prefix('/')?;
    let raw = rest.split('/').next().unwrap_or(rest);
    Some(raw.replace("~1", "/").replace("~0", "~"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_per_rfc_6901() {
        assert_eq!(join("", "a/b"), "/a~1b");
        assert_eq!(join("/x", "m~n"), "/x/m~0n");
        assert_eq!(join("", "~1"), "/~01");
        assert_eq!(join_index("/ids", 3), "/ids/3");
        assert_eq!(first_token("/a~1b/c").as_deref(), Some("a/b"));
        assert_eq!(first_token("/~01").as_deref(), Some("~1"));
        assert_eq!(first_token(""), None);
    }
}
