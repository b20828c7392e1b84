import { parentPort } from 'node:worker_threads'
import { runAll } from './run-all.mjs'

parentPort.postMessage(runAll())
