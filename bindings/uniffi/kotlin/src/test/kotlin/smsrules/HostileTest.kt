package smsrules

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.contentOrNull
import kotlinx.serialization.json.intOrNull
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.longOrNull
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.DynamicTest.dynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import java.io.File
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.TimeoutException

/** One case of tests/hostile/cases.json (format: tests/hostile/README.md). */
data class HostileCase(val id: String, val why: String, val parts: JsonArray, val expect: JsonObject, val pending: String?) {
    override fun toString() = id
}

/**
 * The hostile-input catalogue through `checkJson`, one case at a time: the document text is
 * built in memory and must get a well-formed envelope (docs/src/envelope.md) meeting the case's `expect`
 * and quoting no phone number or message text of the input. Where the document maps onto the
 * typed `check` (its request and context passed as their own JSON text, its options and
 * idempotency key as typed `Options`), `check` must give the same envelope.
 *
 * A `pending` case (a known core bug) still runs: it must answer and quote nothing, but its
 * shape, expectations and the entry points' agreement are only printed as notes.
 */
class HostileTest {
    private val cases: List<HostileCase> by lazy {
        val file = File(Conformance.vectorsDir, "../../hostile/cases.json").canonicalFile
        Json.parseToJsonElement(file.readText()).jsonArray.map { element ->
            val case = element.jsonObject
            HostileCase(
                id = case.getValue("id").jsonPrimitive.content,
                why = case["why"]?.jsonPrimitive?.contentOrNull.orEmpty(),
                parts = case.getValue("parts").jsonArray,
                expect = case.getValue("expect").jsonObject,
                pending = case["pending"]?.jsonPrimitive?.contentOrNull,
            )
        }
    }

    /** The Rust core's envelope for each case, by id (the core's `native_envelopes` example). */
    private val nativeEnvelopes: Map<String, String> by lazy {
        Json.parseToJsonElement(Conformance.rustEnvelopes.readText()).jsonObject.getValue("hostile").jsonArray
            .associate { it.jsonObject.getValue("id").jsonPrimitive.content to it.jsonObject.getValue("envelope").jsonPrimitive.content }
    }

    /** Runs each call on a daemon thread, so that a hang fails its case instead of the run. */
    private var executor: ExecutorService = newExecutor()

    private fun newExecutor(): ExecutorService = Executors.newSingleThreadExecutor { task ->
        Thread(task, "hostile-case").apply { isDaemon = true }
    }

    private fun <T> withHangGuard(call: () -> T): T {
        val future = executor.submit<T> { call() }
        try {
            return future.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS)
        } catch (timeout: TimeoutException) {
            future.cancel(true)
            executor.shutdownNow()
            executor = newExecutor()
            throw AssertionError("no answer within the hang guard of $HANG_GUARD_SECONDS s", timeout)
        } catch (failed: java.util.concurrent.ExecutionException) {
            throw failed.cause ?: failed
        }
    }

    @Test
    fun `the catalogue loads`() {
        assertTrue(cases.size >= 100) { "the catalogue lost cases: ${cases.size}" }
        assertEquals(cases.size, cases.map { it.id }.toSet().size, "case ids must be unique")
        assertTrue(cases.all { it.why.isNotEmpty() }, "every case says `why`")
    }

    @TestFactory
    fun hostile(): List<DynamicTest> {
        val compared = mutableListOf<String>()
        val skipped = linkedMapOf<String, MutableList<String>>()
        val perCase = cases.map { case ->
            dynamicTest("hostile ${case.id}") {
                val problems = mutableListOf<String>()
                val expected = mutableListOf<String>()
                val whyNotCompared = runCase(case, problems, expected)
                if (whyNotCompared == null) compared += case.id
                else skipped.getOrPut(whyNotCompared) { mutableListOf() } += case.id
                if (case.pending != null) {
                    if (expected.isEmpty()) println("note: ${case.id}: passes now; drop its `pending`")
                    else println("note: ${case.id} (pending: ${case.pending}): $expected")
                } else {
                    problems += expected
                }
                assertTrue(problems.isEmpty()) { "${case.id}: ${case.why}\n  " + problems.joinToString("\n  ") }
            }
        }
        val summary = dynamicTest("the typed check was compared") {
            for ((why, ids) in skipped) {
                val shown = ids.take(8).joinToString(", ") + if (ids.size > 8) ", …" else ""
                println("note: check not compared for ${ids.size} case(s): $why ($shown)")
            }
            assertTrue(compared.size >= 50) { "only ${compared.size} cases ran through check" }
        }
        return perCase + summary
    }

    /**
     * One case: the checks of README steps 2–4 and the personal-data check into `problems`
     * (shape and expectations into `expected`, which a pending case only notes); returns why
     * the typed `check` was not compared, or null when it was.
     */
    private fun runCase(case: HostileCase, problems: MutableList<String>, expected: MutableList<String>): String? {
        var text: String? = build(case.parts)
        val answer = withHangGuard { checkJson(text!!) }
        // The binding adds nothing of its own: its answer is the Rust core's, byte for byte.
        val native = nativeEnvelopes[case.id]
        if (native == null) problems += "rust-envelopes.json has no answer for this case (run-tests.sh writes it)"
        else if (answer != native) problems += "checkJson differs from the Rust core's envelope: ${answer.take(300)}"
        val envelope = try {
            Json.parseToJsonElement(answer)
        } catch (error: Exception) {
            problems += "the envelope is not JSON (${error.message}): ${answer.take(300)}"
            return "the envelope is not JSON"
        }
        expected += Envelopes.shapeProblems(envelope)
        if (expected.isEmpty()) expected += Envelopes.expectationProblems(case.expect, envelope.jsonObject)
        // The members are read only out of JSON the core could read, and not too big for kotlinx.
        val readable = text!!.length <= PARSE_LIMIT && !Envelopes.documentUnreadable(envelope)
        val members = if (readable) Envelopes.topLevelMembers(text!!) else null
        val document = members?.let(::readMembers)
        problems += Envelopes.leaks(text!!, envelope, document)
        val (arguments, whyNot) = typedArguments(text!!, members, document, envelope)
        text = null
        if (arguments == null) return whyNot
        val outcome = withHangGuard { check(arguments.request, arguments.context, arguments.options) }
        val typed = Conformance.envelopeOf(outcome)
        val found = Envelopes.shapeProblems(typed).map { "check: $it" }.toMutableList()
        if (outcome.ok != outcome.errors.isEmpty()) found += "check: ok is not true exactly when there are no errors"
        if (!Conformance.jsonEquals(typed, envelope)) {
            found += "check gives another envelope than checkJson: ${typed.toString().take(600)}"
        }
        // A pending case's envelope is known to be wrong, so check may differ until it is fixed.
        (if (case.pending != null) expected else problems) += found
        return null
    }

    private class TypedArguments(val request: String, val context: String?, val options: Options)

    /** The top-level members kotlinx can read (it recurses, so a deeply nested one is left out). */
    private fun readMembers(members: List<Pair<String, String>>): JsonObject = JsonObject(
        members.mapNotNull { (key, raw) ->
            try {
                key to Json.parseToJsonElement(raw)
            } catch (error: Exception) {
                null
            } catch (error: StackOverflowError) {
                null
            }
        }.toMap(),
    )

    /**
     * `check`'s arguments: the request's and the context's own text out of the document (so
     * duplicate keys, numbers and escapes reach the core exactly as written), the options and
     * the idempotency key as typed `Options`; or null with the reason the document has none.
     */
    private fun typedArguments(
        text: String,
        members: List<Pair<String, String>>?,
        document: JsonObject?,
        envelope: JsonElement,
    ): Pair<TypedArguments?, String> {
        if (text.length > PARSE_LIMIT) return null to "the document is over 4 MiB"
        if (Envelopes.documentUnreadable(envelope)) return null to "the core cannot read the document (INVALID_INPUT at \"\")"
        if (members == null || document == null) return null to "the document is not an object"
        val names = members.map { it.first }
        if (names.size != names.toSet().size) return null to "a top-level key repeats"
        val unknown = names.filter { it !in DOCUMENT_KEYS }
        if (unknown.isNotEmpty()) return null to "top-level keys ${unknown.take(3)} have no argument"
        val raw = members.toMap()
        val request = when {
            "request" in raw && "request_text" in raw -> return null to "the document holds both request and request_text"
            raw["request"]?.startsWith("{") == true -> raw.getValue("request")
            "request" in raw -> return null to "the request is not an object"
            else -> (document["request_text"] as? JsonPrimitive)?.takeIf { it.isString }?.content
                ?.takeIf { Envelopes.isWellFormed(it) }
                ?: return null to "request_text is not a string of Unicode text"
        }
        val context = raw["context"]?.takeIf { it != "null" }
        if (context != null && !context.startsWith("{")) return null to "context is not an object or null"
        for (part in listOf("options", "headers")) {
            if (part in raw && part !in document) return null to "$part nests too deep for kotlinx"
        }
        val strings = listOfNotNull(document["options"], document["headers"]).flatMap(Envelopes::strings)
        if (!strings.all(Envelopes::isWellFormed)) return null to "an option or header holds a lone surrogate"
        val (options, whyNot) = Conformance.typedOptions(document)
        if (options == null) return null to "options or headers have no typed form (${whyNot?.substringBefore('=')})"
        return TypedArguments(request, context, options) to ""
    }

    @Test
    fun `the checks can fail`() {
        val good = Json.parseToJsonElement(checkJson("""{"request":{"user_number":"+14155552671","agent_number":"+14155550000"}}"""))
        assertEquals(emptyList<String>(), Envelopes.shapeProblems(good))
        fun expect(json: String) = Json.parseToJsonElement(json).jsonObject
        assertEquals(emptyList<String>(), Envelopes.expectationProblems(expect("""{"first_error":null}"""), good.jsonObject))
        assertTrue(Envelopes.expectationProblems(expect("""{"first_error":["body","","INVALID_JSON"]}"""), good.jsonObject).isNotEmpty())
        assertTrue(Envelopes.expectationProblems(expect("""{"first_error":null,"warning_count":1}"""), good.jsonObject).isNotEmpty())
        val bad = Json.parseToJsonElement(checkJson("""{"request":{"user_number":"+1","agent_number":2,"x":1}}""")).jsonObject
        assertEquals(emptyList<String>(), Envelopes.shapeProblems(bad))
        assertEquals(emptyList<String>(), Envelopes.expectationProblems(expect("""{"first_error":[null,null,"INVALID_TYPE"],"error_count":2}"""), bad))
        assertTrue(Envelopes.expectationProblems(expect("""{"first_error":["body","/agent_number",null,{"expected":"nope"}]}"""), bad).isNotEmpty())
        val errors = bad.getValue("errors").jsonArray
        fun withErrors(list: List<JsonElement>) = JsonObject(bad + ("errors" to JsonArray(list)))
        fun firstWith(key: String, value: String) = JsonObject(errors[0].jsonObject + (key to JsonPrimitive(value)))
        assertTrue(Envelopes.shapeProblems(withErrors(errors.reversed())).any { "out of order" in it })
        assertTrue(Envelopes.shapeProblems(withErrors(emptyList())).isNotEmpty())
        assertTrue(Envelopes.shapeProblems(withErrors(listOf(firstWith("message", "Bad")))).isNotEmpty())
        assertTrue(Envelopes.shapeProblems(withErrors(listOf(firstWith("path", "a/b")))).isNotEmpty())
        val leaked = withErrors(listOf(firstWith("message", "got +14155552671")))
        assertTrue(Envelopes.leaks("""{"request":{"user_number":"+14155552671"}}""", leaked, null).isNotEmpty())
        assertEquals(listOf("request" to "{\"a\":[1,\"]\"]}", "x" to "2"), Envelopes.topLevelMembers("""{"request":{"a":[1,"]"]},"x":2}"""))
    }

    companion object {
        /** A guard against hangs only, never a speed assertion (see the catalogue's README). */
        const val HANG_GUARD_SECONDS = 120L
        /** Documents larger than this are not parsed by Kotlin for the typed entry point. */
        const val PARSE_LIMIT = 4 * 1024 * 1024
        val DOCUMENT_KEYS = setOf("request", "request_text", "context", "options", "headers")

        /** The document text of a case's parts (README "Format"). */
        fun build(parts: JsonArray): String {
            val text = StringBuilder()
            for (element in parts) {
                val part = element.jsonObject
                val times = part["times"]?.jsonPrimitive?.intOrNull ?: 0
                when {
                    "text" in part -> text.append(part.getValue("text").jsonPrimitive.content)
                    "repeat" in part -> text.append(part.getValue("repeat").jsonPrimitive.content.repeat(times))
                    "numbered" in part -> {
                        val template = part.getValue("numbered").jsonPrimitive.content
                        for (k in 0 until times) text.append(template.replace("{i}", k.toString()))
                    }
                    else -> error("part $part has none of text, repeat, numbered")
                }
            }
            return text.toString()
        }
    }
}

/** The envelope rules of docs/src/envelope.md and the catalogue's expectations, as the Rust runner has them. */
object Envelopes {
    /** the codes (docs/src/rules/index.md#all-codes) and the plan keys (docs/src/plan.md), one list for every surface (checked against the core). */
    private val specLists: JsonObject by lazy {
        Json.parseToJsonElement(File(Conformance.vectorsDir, "../../spec-lists.json").canonicalFile.readText()).jsonObject
    }
    private fun specList(key: String): List<String> = specLists.getValue(key).jsonArray.map { it.jsonPrimitive.content }
    private val ERROR_CODES: Set<String> by lazy { specList("error_codes").toSet() }
    private val WARNING_CODES: Set<String> by lazy { specList("warning_codes").toSet() }
    private val PLAN_KEYS: List<String> by lazy { specList("plan_keys") }
    private val ISSUE_KEYS = listOf("error", "in", "path", "message", "params")
    private val LOCATIONS = setOf("body", "header", "context", "options", "input")
    /** A `~` not followed by `0` or `1` (RFC 6901 escaping). */
    private val BAD_TILDE = Regex("~([^01]|$)")
    private val FINGERPRINT = Regex("sha256:[0-9a-f]{64}")
    private val PHONE_IN_MESSAGE = Regex("\\+[0-9]{7,}")
    /** The shortest message text worth looking for inside issue messages. */
    private const val TEXT_CHARS = 3
    /** Longer message texts are not looked for (a 1,000,000-character text is not quoted whole). */
    private const val TEXT_LOOKUP_LIMIT = 10_000

    private fun string(element: JsonElement?): String? = (element as? JsonPrimitive)?.takeIf { it.isString }?.content

    /** The order of docs/src/envelope.md: (`in`, `path`, `error`), comparing UTF-8 bytes. */
    private fun compareIssues(a: JsonObject, b: JsonObject): Int {
        for (key in listOf("in", "path", "error")) {
            val order = java.util.Arrays.compareUnsigned(
                string(a[key]).orEmpty().toByteArray(Charsets.UTF_8),
                string(b[key]).orEmpty().toByteArray(Charsets.UTF_8),
            )
            if (order != 0) return order
        }
        return 0
    }

    private fun listProblems(name: String, issues: JsonArray, codes: Set<String>): List<String> {
        val found = mutableListOf<String>()
        var previous: JsonObject? = null
        for ((index, element) in issues.withIndex()) {
            val at = "$name[$index]"
            val issue = element as? JsonObject
            if (issue == null || issue.keys.toList() != ISSUE_KEYS) {
                found += "$at is not an issue with keys $ISSUE_KEYS: ${element.toString().take(300)}"
                continue
            }
            val code = string(issue["error"])
            val location = string(issue["in"])
            val path = string(issue["path"])
            val message = string(issue["message"])
            if (code == null || location == null || path == null || message == null) {
                found += "$at lacks a string error, in, path or message"
                continue
            }
            if (code !in codes) found += "$at: $code is not a docs/src/rules/index.md#all-codes code for $name"
            if (location !in LOCATIONS) found += "$at: `in` is $location"
            if (!isPointer(path)) found += "$at: path ${path.take(80)} is not an RFC 6901 pointer"
            if (message.isEmpty() || Character.isUpperCase(message.codePointAt(0)) || message.contains('\n') || message.contains('\r')) {
                found += "$at: message \"$message\" is not one non-empty line starting lower-case"
            }
            val params = issue["params"] as? JsonObject
            if (params == null) found += "$at: params is not an object"
            if (code == "TOO_MANY_ISSUES") {
                val omitted = (params?.get("omitted") as? JsonPrimitive)?.longOrNull ?: 0
                if (index + 1 != issues.size || location != "input" || path != "" || omitted <= 0) {
                    found += "$at: TOO_MANY_ISSUES must come last, in input at \"\", with params.omitted > 0"
                }
                continue
            }
            if (previous != null && compareIssues(previous, issue) > 0) {
                found += "$at [$location, ${path.take(80)}, $code] is out of order"
            }
            previous = issue
        }
        return found
    }

    /** Every way an envelope breaks docs/src/envelope.md (empty when it is well formed). */
    fun shapeProblems(envelope: JsonElement): List<String> {
        val map = envelope as? JsonObject ?: return listOf("the envelope is not an object")
        val found = mutableListOf<String>()
        if (map.keys.toList() != listOf("data", "errors", "warnings")) {
            found += "the envelope's keys are ${map.keys}, not [data, errors, warnings]"
        }
        val errors = map["errors"]
        when {
            errors is JsonArray && errors.isEmpty() -> found += "errors is [] (must be null when empty)"
            errors is JsonArray -> found += listProblems("errors", errors, ERROR_CODES)
            errors !is JsonNull -> found += "errors is neither null nor a list"
        }
        val warnings = map["warnings"]
        if (warnings is JsonArray) found += listProblems("warnings", warnings, WARNING_CODES)
        else found += "warnings is not a list"
        val data = map["data"]
        if (errors is JsonArray && errors.isNotEmpty()) {
            if (data !is JsonNull) found += "data is not null although there are errors"
        } else if (data !is JsonObject) {
            found += "data is not a plan although there are no errors"
        } else {
            if (data.keys.toList() != PLAN_KEYS) found += "the plan's keys are ${data.keys}, not those of docs/src/plan.md"
            val fingerprint = string((data["idempotency"] as? JsonObject)?.get("fingerprint"))
            if (fingerprint == null || !FINGERPRINT.matches(fingerprint)) found += "plan.idempotency.fingerprint is $fingerprint"
        }
        return found
    }

    /** RFC 6901: `""`, or `/`-separated tokens in which `~` is always followed by `0` or `1`. */
    private fun isPointer(path: String) = path.isEmpty() || (path.startsWith("/") && !BAD_TILDE.containsMatchIn(path))

    private fun issueMatches(issue: JsonObject, want: JsonArray): Boolean {
        if (want.size < 3) return false
        val head = listOf("in", "path", "error").map { issue[it] ?: JsonNull }
        if (!want.take(3).zip(head).all { (w, h) -> w is JsonNull || w == h }) return false
        val params = want.getOrNull(3) as? JsonObject ?: return want.size == 3
        val actual = issue["params"] as? JsonObject ?: return false
        return params.all { (key, value) -> actual[key]?.let { Conformance.jsonEquals(it, value) } == true }
    }

    private fun describe(issues: JsonArray): String {
        val shown = issues.take(3).map { element ->
            val i = element.jsonObject
            "[${string(i["in"])}, ${string(i["path"])?.take(80)}, ${string(i["error"])}, ${i["params"]}]"
        }
        return "${issues.size} issue(s), first $shown"
    }

    /** Every way an envelope misses a case's `expect` (README "Format"). */
    fun expectationProblems(expect: JsonObject, envelope: JsonObject): List<String> {
        val found = mutableListOf<String>()
        val errors = envelope["errors"] as? JsonArray ?: JsonArray(emptyList())
        val warnings = envelope["warnings"] as? JsonArray ?: JsonArray(emptyList())
        when (val first = expect["first_error"]) {
            null -> found += "the case has no `first_error`"
            is JsonNull -> if (errors.isNotEmpty()) found += "expected no errors, got ${describe(errors)}"
            else -> if (errors.isEmpty() || !issueMatches(errors[0].jsonObject, first.jsonArray)) {
                found += "expected first error $first, got ${describe(errors)}"
            }
        }
        expect["first_warning"]?.let { first ->
            if (warnings.isEmpty() || !issueMatches(warnings[0].jsonObject, first.jsonArray)) {
                found += "expected first warning $first, got ${describe(warnings)}"
            }
        }
        for ((key, issues) in listOf("error_count" to errors, "warning_count" to warnings)) {
            val want = expect[key]?.jsonPrimitive?.intOrNull ?: continue
            if (issues.size != want) found += "expected $want for $key, got ${describe(issues)}"
        }
        return found
    }

    private fun messages(envelope: JsonElement): List<String> = listOf("errors", "warnings").flatMap { name ->
        ((envelope as? JsonObject)?.get(name) as? JsonArray).orEmpty().mapNotNull { string(it.jsonObject["message"]) }
    }

    /** Issue messages that quote a phone number (`+` and 7 or more digits) of the input, or the
     * request's message text. */
    fun leaks(text: String, envelope: JsonElement, document: JsonObject?): List<String> {
        val found = mutableListOf<String>()
        for (message in messages(envelope)) {
            for (number in PHONE_IN_MESSAGE.findAll(message).map { it.value }) {
                if (text.contains(number)) found += "message \"$message\" quotes phone number $number"
            }
        }
        val body = when (val requestText = string(document?.get("request_text"))) {
            null -> document?.get("request") as? JsonObject
            else -> try {
                Json.parseToJsonElement(requestText) as? JsonObject
            } catch (error: Exception) {
                null
            } catch (error: StackOverflowError) {
                null // kotlinx recurses on deep arrays; the case is still judged, only not looked into
            }
        }
        val agentMessage = string(body?.get("agent_message"))
        if (agentMessage != null && agentMessage.length in TEXT_CHARS..TEXT_LOOKUP_LIMIT) {
            for (message in messages(envelope)) {
                if (message.contains(agentMessage)) found += "message \"$message\" quotes the message text"
            }
        }
        return found
    }

    /** Whether the core could not read the document as JSON at all (`INVALID_INPUT` at `""`). */
    fun documentUnreadable(envelope: JsonElement): Boolean =
        ((envelope as? JsonObject)?.get("errors") as? JsonArray).orEmpty().any {
            string(it.jsonObject["error"]) == "INVALID_INPUT" && string(it.jsonObject["path"]) == ""
        }

    /** Whether `text` holds no lone surrogate (so it is Unicode text, as UTF-8 needs). */
    fun isWellFormed(text: String): Boolean {
        var index = 0
        while (index < text.length) {
            val char = text[index]
            when {
                Character.isHighSurrogate(char) && index + 1 < text.length && Character.isLowSurrogate(text[index + 1]) -> index += 2
                Character.isSurrogate(char) -> return false
                else -> index++
            }
        }
        return true
    }

    /** Every string (keys and values) inside `element`. */
    fun strings(element: JsonElement): List<String> {
        val found = mutableListOf<String>()
        val stack = ArrayDeque(listOf(element))
        while (stack.isNotEmpty()) {
            when (val next = stack.removeLast()) {
                is JsonObject -> {
                    found += next.keys
                    stack.addAll(next.values)
                }
                is JsonArray -> stack.addAll(next)
                is JsonPrimitive -> if (next.isString) found += next.content
                else -> {}
            }
        }
        return found
    }

    /**
     * The top-level members of a JSON object's text as (key, the value's own text), in order;
     * null when the text is not an object. Iterative, so any nesting depth is fine; the text must
     * be JSON (the caller asks the core first).
     */
    fun topLevelMembers(text: String): List<Pair<String, String>>? {
        var i = 0
        fun skipSpace() {
            while (i < text.length && text[i] in " \t\r\n") i++
        }
        fun skipString() {
            i++ // the opening quote
            while (i < text.length && text[i] != '"') i += if (text[i] == '\\') 2 else 1
            i++
        }
        fun skipValue() {
            when (text.getOrNull(i)) {
                '"' -> skipString()
                '{', '[' -> {
                    var depth = 0
                    do {
                        when (text[i]) {
                            '"' -> {
                                skipString()
                                continue
                            }
                            '{', '[' -> depth++
                            '}', ']' -> depth--
                        }
                        i++
                    } while (depth > 0 && i < text.length)
                }
                else -> while (i < text.length && text[i] !in ",}] \t\r\n") i++
            }
        }
        val members = mutableListOf<Pair<String, String>>()
        skipSpace()
        if (text.getOrNull(i) != '{') return null
        i++
        skipSpace()
        if (text.getOrNull(i) == '}') return members
        while (i < text.length) {
            skipSpace()
            val keyStart = i
            if (text.getOrNull(i) != '"') return null
            skipString()
            val key = Json.parseToJsonElement(text.substring(keyStart, i)).jsonPrimitive.content
            skipSpace()
            if (text.getOrNull(i) != ':') return null
            i++
            skipSpace()
            val valueStart = i
            skipValue()
            members += key to text.substring(valueStart, i)
            skipSpace()
            when (text.getOrNull(i)) {
                ',' -> i++
                '}' -> return members
                else -> return null
            }
        }
        return null
    }
}
