// Browsers, workers and edge runtimes: `await init()` once (it fetches the `.wasm` beside
// this package, or takes a URL, a Response, bytes or a compiled WebAssembly.Module), then
// call the functions.
export { default as init, initSync } from '../pkg/smsrules_wasm.js'
export * from './api.js'
