//! The few Node-API calls the binding needs, wrapped once so the rest of the crate never
//! touches raw pointers.
//!
//! Every [`Js`] is made from the `napi_env` of the call in progress and lives no longer than
//! that call; every `napi_value` it hands out or receives is a handle in that call's scope.
//! Under those two conditions each Node-API function below is sound to call: Node-API checks
//! its arguments and reports misuse as a status, never as undefined behaviour.

use napi::sys;
use std::ptr;

/// What `typeof` says, plus the cases the conversions care about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Undefined,
    Null,
    Boolean,
    Number,
    String,
    Object,
    /// A function, symbol, BigInt or external: never JSON.
    Other,
}

/// A Node-API call failed; if it threw (a getter, a proxy trap), the exception is pending.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CallFailed;

/// Handle to the environment of the call in progress.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Js {
    env: sys::napi_env,
}

fn ok(status: sys::napi_status) -> Result<(), CallFailed> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(CallFailed)
    }
}

impl Js {
    /// Wrap the env of the current call (see the module doc for the lifetime rule).
    pub(crate) fn new(env: sys::napi_env) -> Js {
        Js { env }
    }

    /// `typeof value`, folded into [`Kind`].
    pub(crate) fn kind(self, value: sys::napi_value) -> Result<Kind, CallFailed> {
        let mut raw = 0;
        // SAFETY: env and value are live handles of this call (module doc); `raw` is a valid out-pointer.
        ok(unsafe { sys::napi_typeof(self.env, value, &mut raw) })?;
        Ok(match raw {
            sys::ValueType::napi_undefined => Kind::Undefined,
            sys::ValueType::napi_null => Kind::Null,
            sys::ValueType::napi_boolean => Kind::Boolean,
            sys::ValueType::napi_number => Kind::Number,
            sys::ValueType::napi_string => Kind::String,
            sys::ValueType::napi_object => Kind::Object,
            _ => Kind::Other,
        })
    }

    /// The UTF-16 code units of a string, into `units` (replacing its content).
    pub(crate) fn utf16(self, value: sys::napi_value, units: &mut Vec<u16>) -> Result<(), CallFailed> {
        // Most strings fit the buffer left by earlier ones: one call. Otherwise ask the length.
        if units.capacity() < 64 {
            units.reserve(64);
        }
        let mut capacity = units.capacity();
        loop {
            units.clear();
            let mut written = 0usize;
            // SAFETY: the buffer holds `capacity` u16s; Node-API writes at most `capacity`
            // (including the terminating NUL) and reports how many it wrote before the NUL.
            ok(unsafe {
                sys::napi_get_value_string_utf16(self.env, value, units.as_mut_ptr(), capacity, &mut written)
            })?;
            if written + 1 < capacity {
                // SAFETY: Node-API initialised the first `written` units (written < capacity).
                unsafe { units.set_len(written) };
                return Ok(());
            }
            let mut length = 0usize;
            // SAFETY: a null buffer asks only for the length in code units.
            ok(unsafe { sys::napi_get_value_string_utf16(self.env, value, ptr::null_mut(), 0, &mut length) })?;
            if length <= written {
                // SAFETY: as above; the string fit exactly (it is capacity - 1 units long).
                unsafe { units.set_len(written) };
                return Ok(());
            }
            units.reserve(length + 2);
            capacity = units.capacity();
        }
    }

    /// `obj[name]` for a NUL-terminated `name`.
    pub(crate) fn named(self, object: sys::napi_value, name: &std::ffi::CStr) -> Result<sys::napi_value, CallFailed> {
        let mut out = ptr::null_mut();
        // SAFETY: as in `kind`; `name` is NUL-terminated.
        ok(unsafe { sys::napi_get_named_property(self.env, object, name.as_ptr(), &mut out) })?;
        Ok(out)
    }

    // ---- building values --------------------------------------------------------------

    pub(crate) fn create_string(self, value: &str) -> Result<sys::napi_value, CallFailed> {
        let length = isize::try_from(value.len()).map_err(|_| CallFailed)?;
        let mut out = ptr::null_mut();
        // SAFETY: as in `kind`; the pointer and length describe `value`'s UTF-8 bytes.
        ok(unsafe { sys::napi_create_string_utf8(self.env, value.as_ptr().cast(), length, &mut out) })?;
        Ok(out)
    }

    pub(crate) fn global(self) -> Result<sys::napi_value, CallFailed> {
        let mut out = ptr::null_mut();
        // SAFETY: as in `kind`.
        ok(unsafe { sys::napi_get_global(self.env, &mut out) })?;
        Ok(out)
    }

    /// `function.call(receiver, argument)`.
    pub(crate) fn call(
        self,
        receiver: sys::napi_value,
        function: sys::napi_value,
        argument: sys::napi_value,
    ) -> Result<sys::napi_value, CallFailed> {
        let mut out = ptr::null_mut();
        let argv = [argument];
        // SAFETY: as in `kind`; `argv` holds exactly one live handle.
        ok(unsafe { sys::napi_call_function(self.env, receiver, function, 1, argv.as_ptr(), &mut out) })?;
        Ok(out)
    }

    /// The first `count` elements of a typed array of element type `T`, copied.
    pub(crate) fn typed_array<T: TypedElement>(
        self,
        value: sys::napi_value,
        count: usize,
    ) -> Result<Vec<T>, CallFailed> {
        let mut kind = 0;
        let mut length = 0usize;
        let mut data = ptr::null_mut();
        let mut buffer = ptr::null_mut();
        let mut offset = 0usize;
        // SAFETY: as in `kind`; all out-pointers are valid.
        ok(unsafe {
            sys::napi_get_typedarray_info(
                self.env,
                value,
                &mut kind,
                &mut length,
                &mut data,
                &mut buffer,
                &mut offset,
            )
        })?;
        if kind != T::KIND || count > length {
            return Err(CallFailed);
        }
        if count == 0 {
            return Ok(Vec::new());
        }
        let data = data.cast::<T>().cast_const();
        if data.is_null() || !data.is_aligned() {
            return Err(CallFailed);
        }
        // SAFETY: Node-API reports `length` elements of type `T` at `data` (non-null, aligned),
        // and `count <= length`. No JavaScript runs while they are copied, so the buffer can
        // neither be detached nor resized meanwhile.
        Ok(unsafe { std::slice::from_raw_parts(data, count) }.to_vec())
    }
}

/// Element types of the typed arrays the tape uses.
pub(crate) trait TypedElement: Copy {
    /// The Node-API typed array type holding this element type.
    const KIND: sys::napi_typedarray_type;
}

impl TypedElement for u32 {
    const KIND: sys::napi_typedarray_type = sys::TypedarrayType::uint32_array;
}

impl TypedElement for f64 {
    const KIND: sys::napi_typedarray_type = sys::TypedarrayType::float64_array;
}
