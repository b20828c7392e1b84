//! `Outcome` and `Issue`: the core's answer as Python objects.
//!
//! An `Outcome` keeps the core's answer in Rust and builds its Python views (`plan`,
//! `errors`, `warnings`) on first access, so `check(...).ok` costs no conversion at all.
//! `check` goes further: it judges with `smsrules::judge` (the issues, no plan) and keeps
//! the document, so the plan is built by the core only if it is asked for.

use crate::convert::{object_to_python, to_python};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use smsrules::{Code, Document, Issue, Judgement, Location, Outcome};
use std::sync::OnceLock;

/// One problem found: a stable code, where it is, one line for people, typed details.
#[pyclass(module = "smsrules", name = "Issue", frozen)]
pub struct PyIssue {
    error: &'static str,
    location: &'static str,
    path: String,
    message: String,
    params: Py<PyDict>,
}

impl std::fmt::Debug for PyIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Issue")
            .field("error", &self.error)
            .field("in", &self.location)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl PyIssue {
    pub(crate) fn from_core(py: Python<'_>, issue: &Issue) -> PyResult<PyIssue> {
        Ok(PyIssue {
            error: issue.error.as_str(),
            location: issue.location.as_str(),
            path: issue.path.clone(),
            message: issue.message.clone(),
            params: object_to_python(py, &issue.params)?.unbind(),
        })
    }
}

#[pymethods]
impl PyIssue {
    /// An issue, e.g. for tests: `error` must be a known code and `in_` a known location.
    #[new]
    #[pyo3(signature = (error, in_, path, message, params=None))]
    fn new(
        py: Python<'_>,
        error: &str,
        in_: &str,
        path: String,
        message: String,
        params: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyIssue> {
        let code = Code::parse(error).ok_or_else(|| PyValueError::new_err(format!("unknown issue code `{error}`")))?;
        let location =
            Location::parse(in_).ok_or_else(|| PyValueError::new_err(format!("unknown issue location `{in_}`")))?;
        let params = match params {
            Some(params) => params.copy()?,
            None => PyDict::new(py),
        };
        Ok(PyIssue {
            error: code.as_str(),
            location: location.as_str(),
            path,
            message,
            params: params.unbind(),
        })
    }

    /// Pickling: rebuilt from its five fields.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let this = slf.get();
        let fields = PyTuple::new(
            py,
            [
                this.error.into_pyobject(py)?.into_any(),
                this.location.into_pyobject(py)?.into_any(),
                this.path.as_str().into_pyobject(py)?.into_any(),
                this.message.as_str().into_pyobject(py)?.into_any(),
                this.params.bind(py).copy()?.into_any(),
            ],
        )?;
        Ok((slf.get_type().into_any(), fields))
    }

    /// The stable machine code, e.g. `"INVALID_PHONE_NUMBER"`.
    #[getter]
    fn error(&self) -> &'static str {
        self.error
    }

    /// Where the problem is: `"body"`, `"header"`, `"context"`, `"options"` or `"input"`.
    #[getter]
    fn in_(&self) -> &'static str {
        self.location
    }

    /// RFC 6901 JSON Pointer into that part (`""` is the whole part).
    #[getter]
    fn path(&self) -> &str {
        &self.path
    }

    /// One lower-case line for people (never quotes phone numbers or message text).
    #[getter]
    fn message(&self) -> &str {
        &self.message
    }

    /// Typed details: limits, sizes, `reason`, `suggestion`; may be empty.
    #[getter]
    fn params(&self, py: Python<'_>) -> Py<PyDict> {
        self.params.clone_ref(py)
    }

    /// The issue as on the wire: `{"error", "in", "path", "message", "params"}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("error", self.error)?;
        dict.set_item("in", self.location)?;
        dict.set_item("path", &self.path)?;
        dict.set_item("message", &self.message)?;
        dict.set_item("params", self.params.bind(py).copy()?)?;
        Ok(dict)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Issue(error={}, in_={}, path={}, message={}, params={})",
            quoted(py, self.error)?,
            quoted(py, self.location)?,
            quoted(py, &self.path)?,
            quoted(py, &self.message)?,
            self.params.bind(py).repr()?.to_string_lossy()
        ))
    }

    fn __str__(&self) -> String {
        let path = if self.path.is_empty() { "\"\"" } else { &self.path };
        format!("{} at {} {}: {}", self.error, self.location, path, self.message)
    }

    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let Ok(other) = other.cast::<PyIssue>() else {
            return Ok(py.NotImplemented());
        };
        let other = other.get();
        let same = self.error == other.error
            && self.location == other.location
            && self.path == other.path
            && self.message == other.message
            && self.params.bind(py).eq(other.params.bind(py))?;
        Ok(pyo3::types::PyBool::new(py, same).to_owned().into_any().unbind())
    }
}

/// The answer to one check: `ok`, the `plan` when valid, `errors` and `warnings`.
#[pyclass(module = "smsrules", name = "Outcome", frozen)]
pub struct PyOutcome {
    inner: Answer,
    plan: PyOnceLock<Py<PyAny>>,
    errors: PyOnceLock<Py<PyList>>,
    warnings: PyOnceLock<Py<PyList>>,
}

impl std::fmt::Debug for PyOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Outcome")
            .field("inner", &self.inner)
            .finish_non_exhaustive()
    }
}

/// The core's answer, whole or with its plan still to build.
#[derive(Debug)]
pub enum Answer {
    /// The whole outcome.
    Full(Outcome),
    /// The issues of `document`; its outcome (with the plan) is built on first use.
    Lazy {
        judgement: Judgement,
        document: Box<Document>,
        outcome: OnceLock<Outcome>,
    },
}

impl Answer {
    /// Judge `document` now, keeping it for the plan.
    pub fn lazy(document: Document) -> Answer {
        Answer::Lazy {
            judgement: smsrules::judge(&document),
            document: Box::new(document),
            outcome: OnceLock::new(),
        }
    }

    fn errors(&self) -> &[Issue] {
        match self {
            Answer::Full(outcome) => &outcome.errors,
            Answer::Lazy { judgement, .. } => &judgement.errors,
        }
    }

    fn warnings(&self) -> &[Issue] {
        match self {
            Answer::Full(outcome) => &outcome.warnings,
            Answer::Lazy { judgement, .. } => &judgement.warnings,
        }
    }

    fn is_valid(&self) -> bool {
        self.errors().is_empty()
    }

    /// The whole outcome; for an invalid document no plan is built (there is none).
    fn outcome(&self) -> &Outcome {
        match self {
            Answer::Full(outcome) => outcome,
            Answer::Lazy {
                judgement,
                document,
                outcome,
            } => outcome.get_or_init(|| {
                if judgement.is_valid() {
                    smsrules::check(document)
                } else {
                    Outcome {
                        plan: None,
                        errors: judgement.errors.clone(),
                        warnings: judgement.warnings.clone(),
                    }
                }
            }),
        }
    }
}

impl PartialEq for Answer {
    fn eq(&self, other: &Answer) -> bool {
        self.errors() == other.errors()
            && self.warnings() == other.warnings()
            && (!self.is_valid() || self.outcome().plan == other.outcome().plan)
    }
}

impl From<Answer> for PyOutcome {
    fn from(inner: Answer) -> PyOutcome {
        PyOutcome {
            inner,
            plan: PyOnceLock::new(),
            errors: PyOnceLock::new(),
            warnings: PyOnceLock::new(),
        }
    }
}

impl PyOutcome {
    /// `answer` as a new Python `Outcome`, left out of CPython's cycle collector.
    ///
    /// pyo3 makes every class collectable, but an `Outcome` reports no references to the
    /// collector (it has no `__traverse__`: what it holds is Rust data and lists and dicts it
    /// made itself), so the collector could never free a cycle through one anyway. Tracked,
    /// each of the many short-lived outcomes is walked by every young-generation collection
    /// for nothing.
    pub fn new_untracked(py: Python<'_>, answer: Answer) -> PyResult<Bound<'_, PyOutcome>> {
        let outcome = Bound::new(py, PyOutcome::from(answer))?;
        // SAFETY: the object is live and the GIL is held; untracking an object the collector
        // could not traverse changes nothing it could collect, and pyo3's deallocation
        // untracks it only if it is still tracked.
        unsafe { pyo3::ffi::PyObject_GC_UnTrack(outcome.as_ptr().cast()) };
        Ok(outcome)
    }
}

fn issue_list(py: Python<'_>, issues: &[Issue]) -> PyResult<Py<PyList>> {
    let list = PyList::empty(py);
    for issue in issues {
        list.append(Py::new(py, PyIssue::from_core(py, issue)?)?)?;
    }
    Ok(list.unbind())
}

#[pymethods]
impl PyOutcome {
    /// True when the request is valid: no errors, and `plan` is set.
    #[getter]
    fn ok(&self) -> bool {
        self.inner.is_valid()
    }

    /// The plan (docs/src/plan.md) as a dict when valid, else `None`.
    #[getter]
    fn plan(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.plan
            .get_or_try_init(py, || match &self.inner.outcome().plan {
                Some(plan) => to_python(py, plan).map(Bound::unbind),
                None => Ok(py.None()),
            })
            .map(|plan| plan.clone_ref(py))
    }

    /// The errors, in envelope order (`[]` when valid).
    #[getter]
    fn errors(&self, py: Python<'_>) -> PyResult<Py<PyList>> {
        self.errors
            .get_or_try_init(py, || issue_list(py, self.inner.errors()))
            .map(|list| list.clone_ref(py))
    }

    /// The warnings, in envelope order.
    #[getter]
    fn warnings(&self, py: Python<'_>) -> PyResult<Py<PyList>> {
        self.warnings
            .get_or_try_init(py, || issue_list(py, self.inner.warnings()))
            .map(|list| list.clone_ref(py))
    }

    /// The envelope of docs/src/envelope.md as a new dict: `{"data", "errors", "warnings"}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.outcome().to_value())
    }

    /// The envelope of docs/src/envelope.md as compact JSON text (what `check_json` returns).
    fn to_json(&self) -> String {
        self.inner.outcome().to_json()
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let py = slf.py();
        let this = slf.get();
        let warnings = this.warnings(py)?.bind(py).repr()?.to_string_lossy().into_owned();
        if this.inner.is_valid() {
            Ok(format!("Outcome(ok=True, plan={{...}}, warnings={warnings})"))
        } else {
            let errors = this.errors(py)?.bind(py).repr()?.to_string_lossy().into_owned();
            Ok(format!("Outcome(ok=False, errors={errors}, warnings={warnings})"))
        }
    }

    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> Py<PyAny> {
        match other.cast::<PyOutcome>() {
            Ok(other) => pyo3::types::PyBool::new(py, self.inner == other.get().inner)
                .to_owned()
                .into_any()
                .unbind(),
            Err(_) => py.NotImplemented(),
        }
    }
}

fn quoted(py: Python<'_>, text: &str) -> PyResult<String> {
    Ok(PyString::new(py, text).repr()?.to_string_lossy().into_owned())
}
