// Node.js: the module is compiled and instantiated on import, so the functions are ready.
import './node-init.js'

export * from './api.js'
/** Already done on import; kept so code written for browsers runs unchanged. */
export async function init() {}
