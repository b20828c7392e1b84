//! A prepared context read from JSON text, as the JSON entry point reads a document's
//! `context`: for surfaces that receive the context as text (mobile, WebAssembly).

use crate::document::{Document, ForeignFault, ForeignFaultKind};
use crate::issue::Location;
use crate::json::{parse_context, SyntaxError};
use crate::prepared::PreparedContext;

impl PreparedContext {
    /// Parse `text` and prepare the context it holds, with exactly the answers a check gives
    /// for the same text as a document's `context`: a container nested deeper than the
    /// context's limit, or a value that is not I-JSON, is one of the
    /// context's own issues; duplicate keys keep the last value; `null` is no context.
    /// Text that is not JSON at all is the caller's mistake, returned as the syntax error.
    pub fn from_json(text: &str) -> Result<PreparedContext, SyntaxError> {
        PreparedContext::from_json_with_faults(text, &[])
    }

    /// [`PreparedContext::from_json`] of text a binding wrote from its host's object, with the
    /// faults its conversion recorded (those at [`Location::Context`] are read).
    pub fn from_json_with_faults(text: &str, faults: &[ForeignFault]) -> Result<PreparedContext, SyntaxError> {
        let (value, mut found) = read_context_text(text)?;
        found.extend(faults.iter().filter(|f| f.part == Location::Context).cloned());
        Ok(PreparedContext::judged(value, &found, true))
    }
}

impl Document {
    /// The context as JSON text (`null`: no context), read exactly as
    /// [`PreparedContext::from_json`] reads it, in one pass that also finds its faults: for a
    /// binding that writes its host's context object as text. Faults its conversion recorded
    /// go in [`Document::with_faults`]. Text that is not JSON at all is the caller's mistake.
    pub fn with_context_json(self, text: &str) -> Result<Document, SyntaxError> {
        let (value, found) = read_context_text(text)?;
        let mut doc = self.with_context(value).with_faults(found);
        doc.context_scanned = true;
        Ok(doc)
    }
}

/// The context in `text` and every fault in it a check reports, as the JSON entry finds them.
fn read_context_text(text: &str) -> Result<(serde_json::Value, Vec<ForeignFault>), SyntaxError> {
    let parsed = parse_context(text)?;
    // The document's order: the first value that is not I-JSON in each part, then the
    // first container too deep in each (one issue per part is reported). A value that is
    // not I-JSON becomes `null`, as a binding hands over a value it cannot convert: its part
    // is not read, and the whole context not I-JSON is one issue, not a second one for a
    // context that is not an object. Those in fields the check ignores become `null` too
    // (the first 1,000 in pointer order: the value handed back never holds a lone surrogate's
    // replacement character where it is not needed).
    let mut value = parsed.value;
    let not_ijson = parsed.faults.iter().chain(&parsed.field_faults);
    for (pointer, _) in not_ijson {
        if let Some(slot) = value.pointer_mut(pointer) {
            *slot = serde_json::Value::Null;
        }
    }
    let mut faults: Vec<ForeignFault> = parsed
        .field_faults
        .into_iter()
        .map(|(pointer, _)| ForeignFault {
            part: Location::Context,
            pointer,
            kind: ForeignFaultKind::NotJson,
        })
        .collect();
    faults.extend(parsed.too_deep.into_iter().map(|pointer| ForeignFault {
        part: Location::Context,
        pointer,
        kind: ForeignFaultKind::TooDeep,
    }));
    Ok((value, faults))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{check, check_json, check_to_json, Body, Document};
    use std::sync::Arc;

    /// Every context shape answers as the JSON entry point answers the same text.
    #[test]
    fn answers_as_the_json_entry_point() {
        let request =
            r#"{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"hi","warning_time":300}"#;
        let deep = format!(r#"{{"number": {}{}}}"#, "[".repeat(34), "]".repeat(34));
        let contexts = [
            "null",
            "{}",
            r#"{"conversation": null, "number": {"phone_number": "+14155550000", "sms_config": {"time_out": 200}}}"#,
            r#"{"number": {"phone_number": "+14155550000", "sms_config": {"time_out": 1e400, "warning_time": 300}}}"#,
            r#"{"conversation": {"id": "\udc00", "active": true}}"#,
            deep.as_str(),
            r#"{"number": {"whatsapp_config": {"a": "\uffff"}, "sms_config": {"tools": "\ufdd0"}}}"#,
            r#"{"conversation": {"id": "c1"}, "conversation": {"id": "c2", "active": true}}"#,
        ];
        for context in contexts {
            let prepared = PreparedContext::from_json(context).unwrap();
            let mut document = Document::new(Body::Text(request.into()));
            document.prepared_context = Some(Arc::new(prepared));
            let expected = check_json(&format!(
                r#"{{"request_text": {}, "context": {context}}}"#,
                serde_json::to_string(request).unwrap()
            ));
            assert_eq!(check(&document).to_json(), expected, "context {context}");
            let read_once = Document::new(Body::Text(request.into()))
                .with_context_json(context)
                .unwrap();
            assert_eq!(check(&read_once).to_json(), expected, "with_context_json {context}");
            let shared = Arc::new(PreparedContext::from_json(context).unwrap());
            let doc = format!(
                r#"{{"request_text": {}, "options": {{"max_issues": 5}}}}"#,
                serde_json::to_string(request).unwrap()
            );
            let with_context = format!(
                r#"{{"request_text": {}, "options": {{"max_issues": 5}}, "context": {context}}}"#,
                serde_json::to_string(request).unwrap()
            );
            assert_eq!(
                check_to_json(&Document::from_json(&doc).with_prepared_context(Arc::clone(&shared))),
                check_json(&with_context),
                "context {context}"
            );
        }
        assert!(PreparedContext::from_json("{").is_err());
        assert!(Document::new(Body::Text(request.into()))
            .with_context_json("{")
            .is_err());
    }

    /// A value that is not I-JSON is `null` in the prepared value, as a binding hands it over;
    /// the whole context not I-JSON is one issue at `""`, not a second one for its shape.
    #[test]
    fn a_value_that_is_not_i_json_is_null_and_one_issue() {
        let field = PreparedContext::from_json(r#"{"now":"\ud800"}"#).unwrap();
        assert_eq!(field.value(), &serde_json::json!({"now": null}));
        assert_eq!(field.issues().len(), 1);
        // In a field the check ignores too, though it is no issue there.
        let unknown = PreparedContext::from_json(r#"{"x":"\ud800","now":"2026-11-28T12:00:00Z"}"#).unwrap();
        assert_eq!(
            unknown.value(),
            &serde_json::json!({"x": null, "now": "2026-11-28T12:00:00Z"})
        );
        assert!(unknown.issues().is_empty());
        let whole = PreparedContext::from_json(r#""\ud800""#).unwrap();
        let places: Vec<&str> = whole.issues().iter().map(|issue| issue.path.as_str()).collect();
        assert_eq!(places, [""]);
    }
}
