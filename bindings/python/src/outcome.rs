//! `Outcome` and `Issue`: the core's answer as Python objects.
//!
//! An `Outcome` keeps the core's answer in Rust and builds its Python views (`plan`,
//! `errors`, `warnings`) on first access, so `check(...).ok` costs no conversion at all.
//! `check` goes further: it judges with `smsrules::judge` (the issues, no plan) and keeps
//! the document, so the plan is built by the core only if it is asked for.

use crate::convert::{object_to_python, to_python};
use pyo3::exceptions::PyValueError;
use pyo3::gc::PyVisit;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use pyo3::PyTraverseError;
use smsrules::{Code, Document, Issue, Judgement, Location, Outcome};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError, TryLockError};

/// A Python object built on first use and kept, that never blocks.
///
/// Building one runs Python code (allocations can start a garbage collection, whose
/// finalisers may read the very same property), so the value is built with no lock held and
/// then stored unless another reader stored one first; every reader gets the stored one. The
/// lock is held only to copy or swap a reference, never while Python code could run (a
/// reference it drops is dropped after the lock is released).
#[derive(Debug)]
struct Cached<T> {
    slot: Mutex<Option<Py<T>>>,
}

impl<T> Cached<T> {
    fn new() -> Self {
        Cached { slot: Mutex::new(None) }
    }

    fn slot(&self) -> MutexGuard<'_, Option<Py<T>>> {
        // Nothing panics while the lock is held; a poisoned lock still holds a sound value.
        self.slot.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The stored object, else `build()` stored (or the one another reader stored meanwhile).
    fn get_or_build(&self, py: Python<'_>, build: impl FnOnce() -> PyResult<Py<T>>) -> PyResult<Py<T>> {
        if let Some(stored) = self.slot().as_ref().map(|stored| stored.clone_ref(py)) {
            return Ok(stored);
        }
        let built = build()?;
        let mut slot = self.slot();
        let stored = slot.get_or_insert_with(|| built.clone_ref(py)).clone_ref(py);
        drop(slot);
        drop(built);
        Ok(stored)
    }

    /// Report the stored object to the garbage collector.
    fn traverse(&self, visit: &PyVisit<'_>) -> Result<(), PyTraverseError> {
        // The collector runs with the GIL held, and no holder of the lock gives it up: the
        // lock is free here (`try_lock` only so that this can never block).
        let slot = match self.slot.try_lock() {
            Ok(slot) => slot,
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            // Skipping an edge can only keep objects alive, never free one in use.
            Err(TryLockError::WouldBlock) => return Ok(()),
        };
        visit.call(slot.as_ref())
    }

    /// Drop the stored object (it is built again if asked for).
    fn clear(&self) {
        let taken = self.slot().take();
        drop(taken);
    }
}

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

    /// `params` is the only Python object an issue holds; a caller can put the issue inside
    /// it, so the garbage collector must see it. That dict's own clearing breaks such a cycle
    /// (the reference itself never changes, so the issue needs no `__clear__`).
    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        visit.call(&self.params)
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
    plan: Cached<PyAny>,
    errors: Cached<PyList>,
    warnings: Cached<PyList>,
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
            plan: Cached::new(),
            errors: Cached::new(),
            warnings: Cached::new(),
        }
    }
}

impl PyOutcome {
    /// `answer` as a new Python `Outcome`.
    pub fn create(py: Python<'_>, answer: Answer) -> PyResult<Bound<'_, PyOutcome>> {
        Bound::new(py, PyOutcome::from(answer))
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
        self.plan.get_or_build(py, || match &self.inner.outcome().plan {
            Some(plan) => to_python(py, plan).map(Bound::unbind),
            None => Ok(py.None()),
        })
    }

    /// The errors, in envelope order (`[]` when valid).
    #[getter]
    fn errors(&self, py: Python<'_>) -> PyResult<Py<PyList>> {
        self.errors.get_or_build(py, || issue_list(py, self.inner.errors()))
    }

    /// The warnings, in envelope order.
    #[getter]
    fn warnings(&self, py: Python<'_>) -> PyResult<Py<PyList>> {
        self.warnings.get_or_build(py, || issue_list(py, self.inner.warnings()))
    }

    /// The plan, errors and warnings built so far are the only Python objects an outcome
    /// holds; a caller can put the outcome inside them (`o.plan["me"] = o`), so the garbage
    /// collector must see them to free such a cycle.
    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        self.plan.traverse(&visit)?;
        self.errors.traverse(&visit)?;
        self.warnings.traverse(&visit)
    }

    fn __clear__(&self) {
        self.plan.clear();
        self.errors.clear();
        self.warnings.clear();
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
