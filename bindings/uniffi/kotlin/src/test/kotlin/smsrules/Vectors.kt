package smsrules

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.buildJsonArray
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.contentOrNull
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put
import java.io.File
import java.math.BigInteger

/** One case of tests/conformance/vectors (format: tests/conformance/README.md). */
data class Vector(val file: String, val id: String, val case: JsonObject) {
    val onlyJson: Boolean get() = case["only_json"]?.jsonPrimitive?.booleanOrNull == true
    val input: JsonObject? get() = case["input"] as? JsonObject
    val expect: JsonObject get() = case.getValue("expect").jsonObject

    /** The document text handed to `checkJson`: `input_text` as is, else `input` as JSON. */
    val documentText: String
        get() = (case["input_text"] as? JsonPrimitive)?.content
            ?: input?.toString()
            ?: error("$id has neither input nor input_text")

    override fun toString() = id
}

/** Reading the shared vectors and comparing answers as their format says. */
object Conformance {
    private fun property(name: String): String =
        System.getProperty(name) ?: error("system property $name is not set (run through pom.xml)")

    val vectorsDir: File get() = File(property("smsrules.vectors"))
    val rustEnvelopes: File get() = File(property("smsrules.rust.envelopes"))

    val vectors: List<Vector> by lazy {
        val files = vectorsDir.listFiles { f -> f.name.endsWith(".json") }?.sortedBy { it.name }
            ?: error("no vectors directory at $vectorsDir")
        check(files.isNotEmpty()) { "no vector files in $vectorsDir" }
        files.flatMap { file ->
            Json.parseToJsonElement(file.readText()).jsonArray.map { element ->
                val case = element.jsonObject
                Vector(file.name, case.getValue("id").jsonPrimitive.content, case)
            }
        }
    }

    /**
     * Every way `envelope` differs from `expect` (empty when it matches): complete ordered
     * error and warning lists of [in, path, error] (+ a params subset), the listed plan fields
     * exactly, and the envelope's own invariants (docs/src/envelope.md).
     */
    fun mismatches(envelope: JsonObject, expect: JsonObject): List<String> {
        val problems = mutableListOf<String>()
        val data = envelope["data"]
        val errors = envelope["errors"]
        val warnings = envelope["warnings"]
        if (errors is JsonArray && errors.isEmpty()) problems += "errors is [] instead of null"
        if (warnings !is JsonArray) problems += "warnings is not a list: $warnings"
        val errorList = (errors as? JsonArray) ?: JsonArray(emptyList())
        if ((data == null || data is JsonNull) != errorList.isNotEmpty()) {
            problems += "data must be null exactly when there are errors"
        }
        compareIssues("errors", errorList, expect["errors"]?.jsonArray, problems)
        compareIssues("warnings", (warnings as? JsonArray) ?: JsonArray(emptyList()), expect["warnings"]?.jsonArray, problems)
        val plan = expect["plan"]
        if (plan is JsonObject) {
            if (data !is JsonObject) {
                problems += "expected a plan, got data=$data"
            } else {
                for ((field, want) in plan) {
                    val got = data[field]
                    if (got == null) problems += "plan.$field is missing (expected $want)"
                    else if (!jsonEquals(got, want)) problems += "plan.$field: expected $want, got $got"
                }
            }
        }
        return problems
    }

    private fun compareIssues(name: String, actual: JsonArray, expected: JsonArray?, problems: MutableList<String>) {
        val want = expected ?: JsonArray(emptyList())
        fun triple(issue: JsonElement): String {
            val o = issue.jsonObject
            return listOf("in", "path", "error").joinToString(" ") { o[it]?.jsonPrimitive?.contentOrNull ?: "?" }
        }
        val got = actual.map(::triple)
        val expectedTriples = want.map { e -> e.jsonArray.take(3).joinToString(" ") { it.jsonPrimitive.content } }
        if (got != expectedTriples) {
            problems += "$name: expected $expectedTriples, got $got"
            return
        }
        for ((index, entry) in want.withIndex()) {
            val params = entry.jsonArray.getOrNull(3)?.jsonObject ?: continue
            val actualParams = actual[index].jsonObject["params"]?.jsonObject ?: JsonObject(emptyMap())
            for ((key, value) in params) {
                val gotValue = actualParams[key]
                if (gotValue == null || !jsonEquals(gotValue, value)) {
                    problems += "$name[$index].params.$key: expected $value, got $gotValue"
                }
            }
        }
    }

    /**
     * JSON equality as serde_json's `Value ==` (the Rust runner's) has it: object keys in any
     * order, and a number is an integer (i64/u64 range, no fraction or exponent) or a double,
     * equal only to a number of the same kind and value.
     */
    fun jsonEquals(a: JsonElement, b: JsonElement): Boolean = when {
        a is JsonObject && b is JsonObject -> a.keys == b.keys && a.all { (k, v) -> jsonEquals(v, b.getValue(k)) }
        a is JsonArray && b is JsonArray -> a.size == b.size && a.indices.all { jsonEquals(a[it], b[it]) }
        a is JsonNull || b is JsonNull -> a is JsonNull && b is JsonNull
        a is JsonPrimitive && b is JsonPrimitive -> when {
            a.isString || b.isString -> a.isString == b.isString && a.content == b.content
            a.booleanOrNull != null || b.booleanOrNull != null -> a.content == b.content
            else -> numberKey(a.content) == numberKey(b.content)
        }
        else -> false
    }

    private val integer = Regex("-?[0-9]+")
    private val u64Max = BigInteger("18446744073709551615")
    private val i64Min = BigInteger.valueOf(Long.MIN_VALUE)

    private fun numberKey(text: String): Pair<String, Any> {
        if (integer.matches(text)) {
            val value = BigInteger(text)
            if (value >= i64Min && value <= u64Max) return "int" to value
        }
        return "float" to text.toDouble()
    }

    /** The envelope of docs/src/envelope.md rebuilt from a typed outcome, for comparing with `checkJson`. */
    fun envelopeOf(outcome: Outcome): JsonObject = buildJsonObject {
        put("data", outcome.planJson?.let { Json.parseToJsonElement(it) } ?: JsonNull)
        put("errors", if (outcome.errors.isEmpty()) JsonNull else issuesJson(outcome.errors))
        put("warnings", issuesJson(outcome.warnings))
    }

    private fun issuesJson(issues: List<Issue>): JsonArray = buildJsonArray {
        for (issue in issues) {
            add(buildJsonObject {
                put("error", issue.error.wireName())
                put("in", issue.location.wireName())
                put("path", issue.path)
                put("message", issue.message)
                put("params", Json.parseToJsonElement(issue.paramsJson))
            })
        }
    }

    /**
     * The typed `Options` a vector's options and headers stand for, or null with the reason
     * when they cannot be written as typed options (an invalid enum value, an unknown option).
     */
    fun typedOptions(input: JsonObject): Pair<Options?, String?> {
        var options = Options()
        val raw = input["options"]
        if (raw != null && raw !is JsonNull) {
            val obj = raw as? JsonObject ?: return null to "options is not an object"
            for ((key, value) in obj) {
                val text = (value as? JsonPrimitive)?.takeIf { it.isString }?.content
                options = when (key) {
                    "unknown_fields" -> options.copy(unknownFields = when (text) {
                        "warn" -> UnknownFields.WARN
                        "error" -> UnknownFields.ERROR
                        "ignore" -> UnknownFields.IGNORE
                        else -> return null to "unknown_fields=$value has no typed form"
                    })
                    "phone_check" -> options.copy(phoneCheck = when (text) {
                        "valid" -> PhoneCheck.VALID
                        "possible" -> PhoneCheck.POSSIBLE
                        "e164" -> PhoneCheck.E164
                        else -> return null to "phone_check=$value has no typed form"
                    })
                    "phone_input" -> options.copy(phoneInput = when (text) {
                        "strict" -> PhoneInput.STRICT
                        "lenient" -> PhoneInput.LENIENT
                        else -> return null to "phone_input=$value has no typed form"
                    })
                    "default_region" -> options.copy(defaultRegion = text ?: return null to "default_region=$value has no typed form")
                    "max_issues" -> options.copy(
                        maxIssues = (value as? JsonPrimitive)?.takeIf { !it.isString }?.content?.toUIntOrNull()
                            ?: return null to "max_issues=$value has no typed form",
                    )
                    else -> return null to "option $key has no typed form"
                }
            }
        }
        val headers = input["headers"]
        if (headers != null && headers !is JsonNull) {
            val obj = headers as? JsonObject ?: return null to "headers is not an object"
            for ((name, value) in obj) {
                if (name != "idempotency-key") return null to "header $name has no typed form"
                val key = (value as? JsonPrimitive)?.takeIf { it.isString }?.content
                    ?: return null to "idempotency-key=$value has no typed form"
                options = options.copy(idempotencyKey = key)
            }
        }
        return options to null
    }

    private class Unmappable(val reason: String) : Exception(reason)

    /**
     * The `SendRequest` record a request object stands for, or null with the reason it has
     * none: a field the record does not have, a value of a type its field cannot hold, an
     * explicit `null` (an unset field is absent, which the fingerprint tells apart), or a
     * number that would travel in another form (`600.0` becomes `600`).
     */
    fun typedRequest(request: JsonElement): Pair<SendRequest?, String?> {
        val fields = (request as? JsonObject)?.toMutableMap() ?: return null to "the request is not an object"
        fields.entries.firstOrNull { it.value is JsonNull }?.let { return null to "${it.key} is null" }
        fun string(value: JsonElement, name: String): String =
            (value as? JsonPrimitive)?.takeIf { it.isString }?.content ?: throw Unmappable("$name is not a string")
        fun text(name: String): String? = fields.remove(name)?.let { string(it, name) }
        fun integer(value: JsonElement?, name: String): Long? = value?.let {
            (it as? JsonPrimitive)?.takeIf { p -> !p.isString }?.content?.toLongOrNull() ?: throw Unmappable("$name is not an i64")
        }
        fun seconds(name: String): Double? = fields.remove(name)?.let {
            val literal = (it as? JsonPrimitive)?.takeIf { p -> !p.isString && p.booleanOrNull == null }?.content
                ?: throw Unmappable("$name is not a number")
            val value = literal.toDoubleOrNull()?.takeIf { v -> v.isFinite() } ?: throw Unmappable("$name is not a finite number")
            val whole = value == Math.rint(value) && Math.abs(value) <= 9_007_199_254_740_992.0
            if (whole != (literal.toLongOrNull() != null)) throw Unmappable("$name=$literal would travel as another number")
            value
        }
        fun json(name: String): String? = fields.remove(name)?.toString()
        fun ids(name: String): List<String>? = fields.remove(name)?.let {
            (it as? JsonArray ?: throw Unmappable("$name is not an array")).map { id -> string(id, "$name entry") }
        }
        return try {
            val settings = fields.remove("persona_settings")?.let { raw ->
                val settings = (raw as? JsonObject)?.toMutableMap() ?: throw Unmappable("persona_settings is not an object")
                if (settings.values.any { it is JsonNull }) throw Unmappable("persona_settings holds a null")
                PersonaSettings(
                    pathwayId = settings.remove("pathway_id")?.let { string(it, "persona_settings.pathway_id") },
                    pathwayVersion = integer(settings.remove("pathway_version"), "persona_settings.pathway_version"),
                    startNodeId = settings.remove("start_node_id")?.let { string(it, "persona_settings.start_node_id") },
                ).also { settings.keys.firstOrNull()?.let { extra -> throw Unmappable("persona_settings.$extra has no record field") } }
            }
            val record = SendRequest(
                userNumber = text("user_number"),
                agentNumber = text("agent_number"),
                agentMessage = text("agent_message"),
                requestDataJson = json("request_data"),
                newConversation = fields.remove("new_conversation")?.let {
                    (it as? JsonPrimitive)?.takeIf { p -> !p.isString }?.booleanOrNull ?: throw Unmappable("new_conversation is not a boolean")
                },
                personaId = text("persona_id"),
                personaVersion = text("persona_version"),
                personaSettings = settings,
                pathwayId = text("pathway_id"),
                pathwayVersion = integer(fields.remove("pathway_version"), "pathway_version"),
                startNodeId = text("start_node_id"),
                webhook = text("webhook"),
                metadataJson = json("metadata"),
                dispositionIds = ids("disposition_ids"),
                citationSchemaIds = ids("citation_schema_ids"),
                channel = text("channel"),
                contentSid = text("content_sid"),
                contentVariablesJson = json("content_variables"),
                timeOut = seconds("time_out"),
                timeoutMessage = text("timeout_message"),
                warningTime = seconds("warning_time"),
                warningMessage = text("warning_message"),
            )
            fields.keys.sorted().firstOrNull()?.let { return null to "$it has no record field" }
            record to null
        } catch (unmappable: Unmappable) {
            null to unmappable.reason
        }
    }
}
