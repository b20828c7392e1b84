// Compiles and instantiates the module synchronously; imported by node.js before the API.
import { readFileSync } from 'node:fs'
import { initSync } from '../pkg/smsrules_wasm.js'

initSync({ module: readFileSync(new URL('../pkg/smsrules_wasm_bg.wasm', import.meta.url)) })
