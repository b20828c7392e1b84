package smsrules

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.DynamicTest.dynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory

/** Every shared conformance vector, through the JSON and the typed entry points. */
class ConformanceTest {
    private fun assertMatches(vector: Vector, envelope: JsonObject) {
        val problems = Conformance.mismatches(envelope, vector.expect)
        assertTrue(problems.isEmpty()) {
            "${vector.id} (${vector.file}): ${vector.case["why"]}\n  " + problems.joinToString("\n  ") +
                "\n  envelope: $envelope"
        }
    }

    @Test
    fun `the vectors are there`() {
        assertTrue(Conformance.vectors.size >= 100) { "only ${Conformance.vectors.size} vectors found" }
        val ids = Conformance.vectors.map { it.id }
        assertEquals(ids.size, ids.toSet().size, "vector ids must be unique")
    }

    /** docs/src/getting-started/index.md: `checkJson` answers every vector as the vector says. */
    @TestFactory
    fun checkJson(): List<DynamicTest> = Conformance.vectors.map { vector ->
        dynamicTest("checkJson ${vector.id}") {
            val envelope = Json.parseToJsonElement(checkJson(vector.documentText)).jsonObject
            assertMatches(vector, envelope)
        }
    }

    /**
     * The answers are the Rust core's, byte for byte: the same document text gives the same
     * envelope text (rust-envelopes.json is written by the core's `native_envelopes` example).
     */
    @TestFactory
    fun sameAsRust(): List<DynamicTest> {
        val rust = Json.parseToJsonElement(Conformance.rustEnvelopes.readText()).jsonObject.getValue("vectors").jsonArray.map { it.jsonObject }
        val rustIds = rust.map { it.getValue("id").jsonPrimitive.content }
        val vectorIds = Conformance.vectors.map { it.id }
        val coverage = dynamicTest("rust-envelopes.json covers exactly the vectors") {
            assertEquals(vectorIds, rustIds, "regenerate ${Conformance.rustEnvelopes} (run-tests.sh does)")
        }
        return listOf(coverage) + rust.map { answer ->
            val id = answer.getValue("id").jsonPrimitive.content
            dynamicTest("same as Rust $id") {
                val document = answer.getValue("document").jsonPrimitive.content
                assertEquals(answer.getValue("envelope").jsonPrimitive.content, checkJson(document), id)
            }
        }
    }

    /**
     * The typed `check` gives the answers the vector expects, and exactly (messages and params
     * included) the envelope `checkJson` gives for the same request as `request_text`.
     * A case with a context is also checked through a [Context] built from the same text, whose
     * `check` must give the very same outcome. Cases that depend on text parsing (`only_json`) or whose
     * options have no typed form are skipped.
     */
    @TestFactory
    fun typedCheck(): List<DynamicTest> = Conformance.vectors.filterNot { it.onlyJson }.map { vector ->
        dynamicTest("check ${vector.id}") {
            val input = vector.input ?: error("${vector.id}: a case without only_json needs input")
            val (options, whyNot) = Conformance.typedOptions(input)
            assumeTrue(options != null) { "${vector.id}: $whyNot" }
            val requestJson = input.getValue("request").toString()
            val context = input["context"]
            val contextJson = context?.toString()
            val outcome = check(requestJson, contextJson, options!!)

            val envelope = Conformance.envelopeOf(outcome)
            assertEquals(outcome.errors.isEmpty(), outcome.ok)
            assertMatches(vector, envelope)

            val document = buildJsonObject {
                put("request_text", requestJson)
                if (context != null) put("context", context)
                input["options"]?.let { put("options", it) }
                input["headers"]?.let { put("headers", it) }
            }
            val viaJson = Json.parseToJsonElement(checkJson(document.toString())).jsonObject
            assertTrue(Conformance.jsonEquals(envelope, viaJson)) {
                "${vector.id}: typed check and checkJson differ\n  typed: $envelope\n  json:  $viaJson"
            }

            // The same context prepared once answers exactly (messages and params included).
            if (contextJson != null) {
                Context(contextJson).use { prepared ->
                    assertEquals(outcome, prepared.check(requestJson, options), "${vector.id}: Context.check")
                    // Its own errors are among the check's, in order (unless maxIssues cut them);
                    // the check may add ones that depend on the request or the options.
                    val own = prepared.errors()
                    if (outcome.errors.none { it.error == IssueCode.TOO_MANY_ISSUES }) {
                        assertEquals(own, outcome.errors.filter { it in own }, "${vector.id}: Context.errors")
                    }
                    assertEquals(prepared.errors().isEmpty(), prepared.ok())
                }
            }
        }
    }

    /**
     * Every vector whose request maps onto a `SendRequest` record runs through
     * `checkRequest` (and `Context.checkRequest` with its context) and must give exactly the
     * `Outcome` the typed `check` gives for the request's JSON text.
     */
    @TestFactory
    fun checkRequest(): List<DynamicTest> {
        val notMapped = linkedMapOf<String, MutableList<String>>()
        var mapped = 0
        val perVector = Conformance.vectors.filterNot { it.onlyJson }.map { vector ->
            dynamicTest("checkRequest ${vector.id}") {
                val input = vector.input ?: error("${vector.id}: a case without only_json needs input")
                val (options, whyNotOptions) = Conformance.typedOptions(input)
                assumeTrue(options != null) { "${vector.id}: $whyNotOptions" }
                val request = input.getValue("request")
                val (record, whyNot) = Conformance.typedRequest(request)
                if (record == null) notMapped.getOrPut(whyNot!!) { mutableListOf() } += vector.id
                assumeTrue(record != null) { "${vector.id}: $whyNot" }
                val contextJson = input["context"]?.toString()
                val fromText = check(request.toString(), contextJson, options!!)
                val fromRecord = checkRequest(record!!, contextJson, options)
                assertEquals(fromText, fromRecord, "${vector.id}: checkRequest differs from check")
                assertMatches(vector, Conformance.envelopeOf(fromRecord))
                if (contextJson != null) {
                    Context(contextJson).use { prepared ->
                        assertEquals(fromText, prepared.checkRequest(record, options), "${vector.id}: Context.checkRequest")
                    }
                }
                mapped++
            }
        }
        val summary = dynamicTest("checkRequest ran on most vectors") {
            for ((why, ids) in notMapped) println("note: no SendRequest for ${ids.size} vector(s): $why (${ids.take(5).joinToString()})")
            println("checkRequest: $mapped vectors")
            assertTrue(mapped >= 100) { "only $mapped vectors mapped onto SendRequest" }
        }
        return perVector + summary
    }

    @Test
    fun `vectors with a context are there for Context`() {
        val withContext = Conformance.vectors.filter { !it.onlyJson && it.input?.containsKey("context") == true }
        assertTrue(withContext.size >= 30) { "only ${withContext.size} vectors with a context" }
        assertTrue(withContext.any { vector -> vector.expect["errors"]?.toString().orEmpty().contains("INVALID_CONTEXT") }) {
            "no vector with a context has an INVALID_CONTEXT error"
        }
    }

    @Test
    fun `the comparison itself can fail`() {
        val vector = Conformance.vectors.first { it.id == "basics/missing-both-numbers" }
        val wrong = buildJsonObject {
            put("data", JsonNull)
            put("errors", Json.parseToJsonElement("""[{"error":"MISSING_FIELD","in":"body","path":"/user_number","message":"","params":{}}]"""))
            put("warnings", Json.parseToJsonElement("[]"))
        }
        assertTrue(Conformance.mismatches(wrong, vector.expect).isNotEmpty())
        assertTrue(!Conformance.jsonEquals(Json.parseToJsonElement("600"), Json.parseToJsonElement("600.0")))
        assertTrue(Conformance.jsonEquals(Json.parseToJsonElement("1e3"), Json.parseToJsonElement("1000.0")))
        assertTrue(Conformance.jsonEquals(Json.parseToJsonElement("""{"a":1,"b":[true]}"""), Json.parseToJsonElement("""{"b":[true],"a":1}""")))
        assertEquals(null, Conformance.typedRequest(Json.parseToJsonElement("""{"user_number":null}""")).first)
        assertEquals(null, Conformance.typedRequest(Json.parseToJsonElement("""{"colour":"red"}""")).first)
        assertEquals(null, Conformance.typedRequest(Json.parseToJsonElement("""{"time_out":600.0}""")).first)
        assertTrue(Conformance.typedRequest(Json.parseToJsonElement("""{"time_out":600.5,"metadata":{"a":[1]}}""")).first != null)
    }
}
