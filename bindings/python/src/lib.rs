//! `smsrules._core`: the compiled half of the `smsrules` Python package (docs/src/getting-started/index.md).
//!
//! Conversion only: Python values become the core's `Document`, the core judges it, and its
//! `Outcome` comes back as Python objects. Bad data never raises; only misuse of the API
//! (an argument of the wrong type, or a dict or list changed while it is converted) raises
//! `TypeError`.

// The C API calls live in `capi`, the only module allowed `unsafe` code.
#![deny(unsafe_code)]

mod capi;
mod convert;
mod exact;
mod outcome;

use convert::{bytes_of, lossy_text, str_of, text_of, to_python, type_error, Converter};
use outcome::{Answer, PyIssue, PyOutcome};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use serde_json::{Map, Value};
use smsrules::{Body, BodySurvey, Document, ForeignFault, Issue, Location, Outcome, PreparedContext, BODY_SIZE_LIMIT};
use std::sync::{mpsc, Arc, Mutex};

/// Checking a request is allocation-bound (it builds and drops JSON values); mimalloc is much
/// faster at that than the system allocator (pydantic-core makes the same choice). Memory
/// never crosses to Python's allocator: every value is freed inside this module.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// What `request` accepts, for `TypeError` messages.
const REQUEST_TYPES: &str = "a dict, or the JSON text of one as str or bytes";

/// A converted request body with its conversion faults, or an answer the binding had to
/// give itself because the body cannot be handed over at all (a structure past the value
/// cap).
#[derive(Debug)]
enum Prepared {
    /// A body, the faults met converting it, and the core's survey of it when the converter
    /// took one.
    Body(Body, Vec<ForeignFault>, Option<BodySurvey>),
    Answered(Outcome),
}

/// The converted `context`, `idempotency_key` and `options` arguments, shared by a batch
/// (whose context is prepared once, so copies of the extras share it).
#[derive(Debug, Default, Clone)]
struct Extras {
    headers: Option<Value>,
    prepared_context: Option<Arc<PreparedContext>>,
    options: Option<Value>,
    faults: Vec<ForeignFault>,
    answer: Option<Outcome>,
}

impl Extras {
    /// The document for one converted body, or the answer the binding has to give itself
    /// (a part it could not convert at all).
    fn document_for(self, prepared: Prepared) -> Result<Document, Outcome> {
        if let Some(answer) = self.answer {
            return Err(answer);
        }
        let (body, faults, survey) = match prepared {
            Prepared::Answered(outcome) => return Err(outcome),
            Prepared::Body(body, faults, survey) => (body, faults, survey),
        };
        let document = Document::new(body)
            .with_body_survey(survey)
            .with_headers(self.headers)
            .with_prepared_context(self.prepared_context)
            .with_options_value(self.options)
            .with_faults(self.faults)
            .with_faults(faults);
        Ok(document)
    }

    /// One body judged with its plan.
    fn judge(self, prepared: Prepared) -> Outcome {
        self.document_for(prepared)
            .map_or_else(|answer| answer, |document| smsrules::check(&document))
    }

    /// One body judged now, its plan built only when asked for (the answer keeps the
    /// document to build it).
    fn judge_once(self, prepared: Prepared) -> Answer {
        self.document_for(prepared).map_or_else(Answer::Full, Answer::lazy)
    }
}

/// The answer when a part holds more values than the converter takes.
fn too_many_values(part: Location) -> Outcome {
    Outcome::too_many_values(part, convert::MAX_VALUES - 1)
}

fn convert_extras(
    context: Option<&Bound<'_, PyAny>>,
    idempotency_key: Option<&Bound<'_, PyAny>>,
    options: Option<&Bound<'_, PyAny>>,
) -> PyResult<Extras> {
    let mut extras = Extras::default();
    let mut converter = Converter::new();
    let mut context_answer = None;
    let mut context_value = None;
    if let Some(given) = context.filter(|given| !given.is_none()) {
        if let Ok(prepared) = given.cast::<PyContext>() {
            let prepared = prepared.get();
            extras.prepared_context = Some(Arc::clone(&prepared.prepared));
            context_answer.clone_from(&prepared.answer);
        } else if given.is_instance_of::<PyDict>() {
            context_value = Some(converter.convert(Location::Context, given)?);
        } else {
            return Err(type_error("context", CONTEXT_TYPES, given));
        }
    }
    if let Some(given) = options.filter(|given| !given.is_none()) {
        if !given.is_instance_of::<PyDict>() {
            return Err(type_error("options", "a dict or None", given));
        }
        extras.options = Some(converter.convert(Location::Options, given)?);
    }
    if let Some(key) = idempotency_key.filter(|key| !key.is_none()) {
        if !key.is_instance_of::<PyString>() {
            return Err(type_error("idempotency_key", "a str or None", key));
        }
        // A lone surrogate cannot travel in an HTTP header; as U+FFFD the core reports the
        // key as any other key with a character outside visible ASCII.
        let value = Value::String(lossy_text(key.cast::<PyString>()?));
        let mut headers = Map::new();
        headers.insert(String::from(smsrules::IDEMPOTENCY_KEY_HEADER), value);
        extras.headers = Some(Value::Object(headers));
    }
    extras.answer = context_answer.or_else(|| converter.exhausted().map(too_many_values));
    extras.faults.extend(converter.into_faults());
    // A context object is judged once, as a prepared context (the same answers): a batch's
    // checks share it, and a check's plan, built when `plan` is first read, does not read it
    // again. With an answer already fixed (a part over the converter's bound) nothing is
    // judged, so neither is the context.
    if let Some(value) = context_value.filter(|_| extras.answer.is_none()) {
        extras.prepared_context = Some(Arc::new(PreparedContext::new(value, &extras.faults)));
    }
    Ok(extras)
}

/// What `context` accepts, for `TypeError` messages.
const CONTEXT_TYPES: &str = "a dict, an smsrules.Context or None";

/// A context (docs/src/context.md) converted and judged once, for checking many requests against it.
///
/// `check`, `validate` and `check_many` accept it wherever they accept a context dict and
/// answer exactly as they would for that dict; each check then skips converting, scanning
/// and judging the context again. The context is copied: changing the dict afterwards does
/// not change this object. Its own problems are in `errors` (`INVALID_CONTEXT`), and every
/// check against it reports them too.
#[pyclass(module = "smsrules", name = "Context", frozen)]
struct PyContext {
    prepared: Arc<PreparedContext>,
    /// The answer to every check when the context holds too many values to convert.
    answer: Option<Outcome>,
    /// Whether the value is the dict whole: nothing was cut (too deep, too many values) or
    /// left out (not JSON), so the value alone can rebuild this context.
    whole: bool,
}

impl std::fmt::Debug for PyContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("issues", &self.prepared.issues().len())
            .finish_non_exhaustive()
    }
}

impl PyContext {
    /// Its problems as core issues, in envelope order.
    fn issues(&self) -> Vec<Issue> {
        if let Some(answer) = &self.answer {
            return answer.errors.clone();
        }
        self.prepared.issues().to_vec()
    }
}

#[pymethods]
impl PyContext {
    #[new]
    fn new(context: &Bound<'_, PyAny>) -> PyResult<PyContext> {
        if !context.is_instance_of::<PyDict>() {
            return Err(type_error("context", "a dict", context));
        }
        let mut converter = Converter::new();
        let value = converter.convert(Location::Context, context)?;
        let answer = converter.exhausted().map(too_many_values);
        let faults = converter.into_faults();
        Ok(PyContext {
            prepared: Arc::new(PreparedContext::new(value, &faults)),
            whole: answer.is_none() && faults.is_empty(),
            answer,
        })
    }

    /// True when the context itself is well formed (`errors` is empty).
    #[getter]
    fn ok(&self) -> bool {
        self.answer.is_none() && self.prepared.issues().is_empty()
    }

    /// The context's own problems (`INVALID_CONTEXT` issues), in envelope order.
    #[getter]
    fn errors(&self, py: Python<'_>) -> PyResult<Vec<PyIssue>> {
        self.issues()
            .iter()
            .map(|issue| PyIssue::from_core(py, issue))
            .collect()
    }

    /// The context as converted, as a new dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, self.prepared.value())
    }

    /// Pickling (e.g. to hand it to `multiprocessing` workers): rebuilt from its value and
    /// judged again on arrival. A context whose dict could not be converted whole (values
    /// that are not JSON, nesting too deep, too many values) cannot be rebuilt from its
    /// value, so it refuses.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyAny>,))> {
        let this = slf.get();
        if !this.whole {
            return Err(PyValueError::new_err(
                "this Context's dict held values smsrules could not convert, so it cannot be pickled; \
                 pickle the dict and make the Context where it is used",
            ));
        }
        Ok((
            slf.get_type().into_any(),
            (to_python(slf.py(), this.prepared.value())?,),
        ))
    }

    fn __repr__(&self) -> String {
        // Never the values: a context holds phone numbers.
        let count = self.issues().len();
        format!(
            "Context(ok={}, errors={count})",
            if count == 0 { "True" } else { "False" }
        )
    }
}

/// Convert one request body (a dict, or JSON text as `str` or `bytes`);
/// `argument` names it in a `TypeError` (made only then: `check_many` would otherwise format
/// a name for every request).
fn prepare(request: &Bound<'_, PyAny>, argument: impl FnOnce() -> String) -> PyResult<Prepared> {
    if request.is_instance_of::<PyDict>() {
        let mut converter = Converter::new();
        let value = converter.convert(Location::Body, request)?;
        if let Some(part) = converter.exhausted() {
            return Ok(Prepared::Answered(too_many_values(part)));
        }
        if converter.cut_bytes() > 0 {
            // Parts past the depth limit were cut: the body's size is judged on the whole,
            // as for its text.
            let size = smsrules::fingerprint::canonical_len(&value).saturating_add(converter.cut_bytes());
            if size > BODY_SIZE_LIMIT {
                return Ok(Prepared::Body(Body::Oversized(size), converter.into_faults(), None));
            }
        }
        let survey = converter.survey();
        return Ok(Prepared::Body(Body::Value(value), converter.into_faults(), survey));
    }
    if let Ok(text) = request.cast::<PyString>() {
        return Ok(Prepared::Body(Body::Text(text_of(text)?), Vec::new(), None));
    }
    let Some(bytes) = bytes_of(request) else {
        return Err(type_error(&argument(), REQUEST_TYPES, request));
    };
    Ok(Prepared::Body(Body::Bytes(bytes), Vec::new(), None))
}

/// Check one send request: is it valid, and what exactly will happen (docs/src/input.md to docs/src/plan.md).
///
/// `request` is the body of `POST /v1/sms/send` as a dict, or its raw JSON text as `str` or
/// `bytes` (then invalid JSON and duplicate keys are judged too). `context` is what the
/// server knows (docs/src/context.md), `idempotency_key` the `Idempotency-Key` header, `options` the
/// options of docs/src/input.md#options. Problems with the data come back as issues in the `Outcome`;
/// only arguments of the wrong type raise `TypeError` (and data that changes size while it is
/// converted, by a finaliser or another thread, which cannot be judged soundly).
#[pyfunction]
#[pyo3(signature = (request, context=None, *, idempotency_key=None, options=None))]
fn check<'py>(
    request: &Bound<'py, PyAny>,
    context: Option<&Bound<'py, PyAny>>,
    idempotency_key: Option<&Bound<'py, PyAny>>,
    options: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyOutcome>> {
    check_one(request, context, idempotency_key, options, Plan::OnFirstRead)
}

/// `check` with the plan resolved at once (for `validate`, which always reads it).
#[pyfunction]
#[pyo3(signature = (request, context=None, *, idempotency_key=None, options=None))]
fn _check_with_plan<'py>(
    request: &Bound<'py, PyAny>,
    context: Option<&Bound<'py, PyAny>>,
    idempotency_key: Option<&Bound<'py, PyAny>>,
    options: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyOutcome>> {
    check_one(request, context, idempotency_key, options, Plan::AtOnce)
}

/// When the core resolves a checked request's plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plan {
    /// The first time the outcome's plan is read (`check`).
    OnFirstRead,
    /// With the check (`validate`, which always reads it).
    AtOnce,
}

/// One request converted and judged: what `check` and `_check_with_plan` share.
fn check_one<'py>(
    request: &Bound<'py, PyAny>,
    context: Option<&Bound<'py, PyAny>>,
    idempotency_key: Option<&Bound<'py, PyAny>>,
    options: Option<&Bound<'py, PyAny>>,
    plan: Plan,
) -> PyResult<Bound<'py, PyOutcome>> {
    let extras = convert_extras(context, idempotency_key, options)?;
    let prepared = prepare(request, || String::from("request"))?;
    let answer = match plan {
        Plan::OnFirstRead => extras.judge_once(prepared),
        Plan::AtOnce => Answer::Full(extras.judge(prepared)),
    };
    PyOutcome::create(request.py(), answer)
}

/// Check many requests against one context, using every core; returns one `Outcome` each,
/// in order.
///
/// Requests are converted while holding the GIL and judged on other threads meanwhile, then
/// the rest with the GIL released, so other Python threads keep running. Arguments as for
/// `check`; each request may be a dict or JSON text.
#[pyfunction]
#[pyo3(signature = (requests, context=None, *, idempotency_key=None, options=None))]
fn check_many<'py>(
    py: Python<'py>,
    requests: &Bound<'py, PyAny>,
    context: Option<&Bound<'py, PyAny>>,
    idempotency_key: Option<&Bound<'py, PyAny>>,
    options: Option<&Bound<'py, PyAny>>,
) -> PyResult<Vec<Bound<'py, PyOutcome>>> {
    if requests.is_instance_of::<PyDict>() || requests.is_instance_of::<PyString>() || bytes_of(requests).is_some() {
        return Err(type_error(
            "requests",
            "an iterable of requests (dicts or JSON text)",
            requests,
        ));
    }
    let extras = convert_extras(context, idempotency_key, options)?;
    let mut items = requests
        .try_iter()
        .map_err(|_| type_error("requests", "an iterable of requests (dicts or JSON text)", requests))?
        .enumerate();
    let mut next_block = || -> PyResult<Vec<Prepared>> {
        let mut block = Vec::with_capacity(BLOCK);
        for (index, item) in items.by_ref() {
            block.push(prepare(&item?, || format!("requests[{index}]"))?);
            if block.len() == BLOCK {
                break;
            }
        }
        Ok(block)
    };
    let first = next_block()?;
    let answers = if first.len() < BLOCK {
        // Fewer than a block: not worth a thread.
        py.detach(|| judge_block(first, &extras))
    } else {
        judge_pipelined(py, first, next_block, &extras)?
    };
    answers
        .into_iter()
        .map(|answer| PyOutcome::create(py, answer))
        .collect()
}

/// Requests converted per block handed to a judging thread (a thread costs about as much to
/// start as judging a few dozen requests, and a block is judged in about a tenth of a
/// millisecond).
const BLOCK: usize = 64;

/// Judge every body of a block, in order. Each answer has its issues; its plan is built when
/// first read.
fn judge_block(block: Vec<Prepared>, extras: &Extras) -> Vec<Answer> {
    block.into_iter().map(|item| extras.clone().judge_once(item)).collect()
}

/// Judge blocks on the other cores while this thread converts the next ones (converting needs
/// the GIL, judging does not), then release the GIL and judge what is left alongside them.
/// Answers keep the input order.
fn judge_pipelined(
    py: Python<'_>,
    first: Vec<Prepared>,
    mut next_block: impl FnMut() -> PyResult<Vec<Prepared>>,
    extras: &Extras,
) -> PyResult<Vec<Answer>> {
    let cores = std::thread::available_parallelism().map(usize::from).unwrap_or(1);
    let (block_sender, block_receiver) = mpsc::channel::<(usize, Vec<Prepared>)>();
    let block_receiver = Mutex::new(block_receiver);
    let (answer_sender, answer_receiver) = mpsc::channel::<(usize, Vec<Answer>)>();
    // Take blocks until the sender is gone and the queue is empty.
    let judge_queue = |answers: mpsc::Sender<(usize, Vec<Answer>)>| loop {
        let next = match block_receiver.lock() {
            Ok(queue) => queue.recv(),
            Err(_) => return, // another judging thread panicked; the join below reports it
        };
        let Ok((index, block)) = next else {
            return;
        };
        if answers.send((index, judge_block(block, extras))).is_err() {
            return;
        }
    };
    std::thread::scope(|scope| {
        let workers: Vec<_> = (1..cores.max(2))
            .map(|_| {
                let answers = answer_sender.clone();
                scope.spawn(move || judge_queue(answers))
            })
            .collect();
        let mut blocks = 0;
        let mut block = first;
        // On an error (a request of the wrong type, an iterator that raises) the sender is
        // dropped on return, the workers finish what they hold, and the scope joins them.
        while !block.is_empty() {
            // A receiver exists as long as this scope does: sending cannot fail.
            let _ = block_sender.send((blocks, block));
            blocks += 1;
            block = next_block()?;
        }
        drop(block_sender);
        py.detach(|| judge_queue(answer_sender));
        for worker in workers {
            worker
                .join()
                .map_err(|_| PyRuntimeError::new_err("smsrules: a worker thread failed"))?;
        }
        let mut slots: Vec<Option<Vec<Answer>>> = (0..blocks).map(|_| None).collect();
        for (index, answers) in answer_receiver.try_iter() {
            if let Some(slot) = slots.get_mut(index) {
                *slot = Some(answers);
            }
        }
        let mut answers = Vec::with_capacity(blocks * BLOCK);
        for slot in slots {
            answers.extend(slot.ok_or_else(|| PyRuntimeError::new_err("smsrules: a block was not judged"))?);
        }
        Ok(answers)
    })
}

/// The JSON entry point: the document of docs/src/input.md as JSON text in, the envelope of docs/src/envelope.md
/// as compact JSON text out.
///
/// The document is `{"request": {...}}` or `{"request_text": "..."}`, with optional
/// `"headers"`, `"context"` and `"options"`. Releases the GIL while it works.
#[pyfunction]
fn check_json(py: Python<'_>, doc: &Bound<'_, PyAny>) -> PyResult<String> {
    let Ok(text) = doc.cast::<PyString>() else {
        return Err(type_error("doc", "a str", doc));
    };
    let text = text_of(text)?;
    Ok(py.detach(|| smsrules::check_json(&text)))
}

/// How `text` travels as SMS: `{"encoding": "GSM-7" | "UCS-2", "units", "segments",
/// "ucs2_chars"}`, counted as for the `sms` channel in docs/src/plan.md, at any length.
///
/// A lone surrogate counts as U+FFFD (one UTF-16 unit, forcing UCS-2), as a JavaScript string
/// reaches the Node surface, so both answer alike.
#[pyfunction]
fn segments<'py>(py: Python<'py>, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let Ok(text) = text.cast::<PyString>() else {
        return Err(type_error("text", "a str", text));
    };
    let text = lossy_text(text);
    let counted =
        serde_json::to_value(smsrules::segments(&text)).map_err(|error| PyRuntimeError::new_err(error.to_string()))?;
    to_python(py, &counted)
}

/// The request's fingerprint: `"sha256:"` and the hex SHA-256 of its RFC 8785 form, as in
/// the plan's `idempotency.fingerprint`. Key order and whitespace never change it.
///
/// `request` is a dict or JSON text (`str` or `bytes`); a duplicate key keeps its last
/// value. Raises `ValueError` when it is not JSON (NaN, sets, bytes values, invalid text)
/// or nests deeper than 33 levels.
#[pyfunction]
fn fingerprint(request: &Bound<'_, PyAny>) -> PyResult<String> {
    let refused = |error: smsrules::FingerprintError| PyValueError::new_err(error.to_string());
    if request.is_instance_of::<PyDict>() {
        let mut converter = Converter::new();
        let value = converter.convert(Location::Body, request)?;
        if converter.exhausted().is_some() {
            return Err(refused(smsrules::FingerprintError::TooLarge));
        }
        return smsrules::fingerprint_converted(&value, &converter.into_faults()).map_err(refused);
    }
    if let Ok(text) = request.cast::<PyString>() {
        let text = str_of(text).ok_or_else(|| refused(smsrules::FingerprintError::NotUnicode))?;
        smsrules::fingerprint_json(text).map_err(refused)
    } else if let Some(bytes) = bytes_of(request) {
        smsrules::fingerprint_json_bytes(&bytes).map_err(refused)
    } else {
        Err(type_error("request", REQUEST_TYPES, request))
    }
}

/// The JSON Schema (draft 2020-12) of the request body, as a dict.
#[pyfunction]
fn json_schema(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    to_python(py, &smsrules::json_schema())
}

/// The compiled core of the `smsrules` package; import `smsrules` instead.
#[pymodule]
fn _core(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(check, module)?)?;
    module.add_function(wrap_pyfunction!(_check_with_plan, module)?)?;
    module.add_function(wrap_pyfunction!(check_many, module)?)?;
    module.add_function(wrap_pyfunction!(check_json, module)?)?;
    module.add_function(wrap_pyfunction!(segments, module)?)?;
    module.add_function(wrap_pyfunction!(fingerprint, module)?)?;
    module.add_function(wrap_pyfunction!(json_schema, module)?)?;
    module.add_class::<PyOutcome>()?;
    module.add_class::<PyIssue>()?;
    module.add_class::<PyContext>()?;
    module.add("PHONE_METADATA_VERSION", smsrules::PHONE_METADATA_VERSION)?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
