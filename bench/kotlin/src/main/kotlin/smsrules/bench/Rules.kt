// The rules of docs/src/rules/index.md that a JSON Schema cannot express, as the Kotlin peer
// judges them after both schemas pass: bench/node/peers/rules.mjs (`crossFieldIssues`) rule
// for rule, on Jackson's tree instead of JavaScript objects. Same numbers, same cross-field
// rules, the webhook screen, the rules that need the server's context; no plan.
package smsrules.bench

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import java.net.URI
import java.net.URISyntaxException
import java.time.OffsetDateTime
import java.time.format.DateTimeParseException

/** `[path, code]` pairs, as the Node peer collects them. */
class Issues {
    val errors = ArrayList<Pair<String, String>>()
    val warnings = ArrayList<Pair<String, String>>()
}

private val KNOWN_FIELDS = setOf(
    "user_number", "agent_number", "agent_message", "request_data", "new_conversation", "persona_id",
    "persona_version", "persona_settings", "pathway_id", "pathway_version", "start_node_id", "webhook",
    "metadata", "disposition_ids", "citation_schema_ids", "channel", "content_sid", "content_variables",
    "time_out", "timeout_message", "warning_time", "warning_message",
)
private const val KB64 = 64 * 1024
private const val DAY_MS = 24.0 * 60 * 60 * 1000
private val CONTROL = Regex("""^\s|\s$|[\u0000-\u001f\u007f]""")
private val IPV4 = Regex("""(\d+)\.(\d+)\.(\d+)\.(\d+)""")
private val LINK_LOCAL = Regex("^fe[89ab]")
private val IPV4_IN_IPV6 = Regex("""(?:::ffff:|::|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})""")

/** Neither absent nor JSON `null` (JavaScript's `!= null`). */
private fun present(node: JsonNode?): Boolean = node != null && !node.isNull

/** The first present value (JavaScript's `??` chain). */
private fun firstPresent(vararg nodes: JsonNode?): JsonNode? = nodes.firstOrNull { present(it) }

private fun ipv4Private(a: Int, b: Int, c: Int, d: Int): Boolean =
    a == 0 || a == 10 || a == 127 || a >= 224 ||
        (a == 100 && b in 64..127) ||
        (a == 169 && b == 254) ||
        (a == 172 && b in 16..31) ||
        (a == 192 && b == 0 && (c == 0 || c == 2)) ||
        (a == 192 && b == 168) ||
        (a == 198 && (b == 18 || b == 19)) ||
        (a == 198 && b == 51 && c == 100) ||
        (a == 203 && b == 0 && c == 113) ||
        (a == 255 && b == 255 && c == 255 && d == 255)

private fun ipv6Private(host: String): Boolean {
    val h = host.substring(1, host.length - 1).lowercase()
    if (h == "::" || h == "::1") return true
    if (h.startsWith("fc") || h.startsWith("fd") || LINK_LOCAL.containsMatchIn(h)) return true
    if (h.startsWith("ff") || h.startsWith("2001:db8:")) return true
    val mapped = IPV4_IN_IPV6.matchEntire(h) ?: return false
    val hi = mapped.groupValues[1].toInt(16)
    val lo = mapped.groupValues[2].toInt(16)
    return ipv4Private(hi shr 8, hi and 255, lo shr 8, lo and 255)
}

/**
 * `null`, or the code for a request webhook. java.net.URI where the Node peer has the WHATWG
 * URL parser: the same screen (https only, no credentials, no localhost, no private or
 * reserved address), the parsers differing only on exotic spellings.
 */
fun webhookProblem(url: String): String? {
    if (url.length > 2048 || CONTROL.containsMatchIn(url)) return "INVALID_URL"
    val uri = try {
        URI(url)
    } catch (_: URISyntaxException) {
        return "INVALID_URL"
    }
    val scheme = uri.scheme ?: return "INVALID_URL"
    if (!scheme.equals("https", ignoreCase = true)) return "UNSAFE_WEBHOOK"
    if (!uri.rawUserInfo.isNullOrEmpty()) return "UNSAFE_WEBHOOK"
    val host = (uri.host ?: return "INVALID_URL").lowercase()
    if (host == "localhost" || host == "localhost." || host.endsWith(".localhost") || host.endsWith(".localhost.")) {
        return "UNSAFE_WEBHOOK"
    }
    IPV4.matchEntire(host)?.let { v4 ->
        val (a, b, c, d) = v4.groupValues.drop(1).map { it.toIntOrNull() ?: 256 }
        if (ipv4Private(a, b, c, d)) return "UNSAFE_WEBHOOK"
    }
    if (host.startsWith("[") && ipv6Private(host)) return "UNSAFE_WEBHOOK"
    return null
}

/** Milliseconds since the epoch of a context timestamp; NaN when it is none (as `Date.parse`). */
private fun millis(text: String): Double = try {
    val iso = text.replaceRange(10, 11, "T").replace('z', 'Z')
    OffsetDateTime.parse(iso).toInstant().toEpochMilli().toDouble()
} catch (_: DateTimeParseException) {
    Double.NaN
} catch (_: IndexOutOfBoundsException) {
    Double.NaN
}

/**
 * Issues the schemas cannot see, for a body and a context the schemas accepted (fields have
 * their types). [validPhone] is the peer's cached libphonenumber check.
 */
fun crossFieldIssues(body: JsonNode, context: JsonNode?, mapper: ObjectMapper, validPhone: (String) -> Boolean): Issues {
    val issues = Issues()
    val errors = issues.errors
    val warnings = issues.warnings
    for (key in body.fieldNames()) if (key !in KNOWN_FIELDS) warnings += "/$key" to "UNKNOWN_FIELD"

    val userNumber = body.get("user_number").textValue()
    val agentNumber = body.get("agent_number").textValue()
    val userOk = validPhone(userNumber)
    val agentOk = validPhone(agentNumber)
    if (!userOk) errors += "/user_number" to "INVALID_PHONE_NUMBER"
    if (!agentOk) errors += "/agent_number" to "INVALID_PHONE_NUMBER"
    if (userOk && agentOk && userNumber == agentNumber) errors += "/user_number" to "SAME_NUMBER"

    if (present(body.get("agent_message")) && present(body.get("content_sid"))) {
        errors += "/content_sid" to "CONFLICTING_MESSAGE"
    }
    if (present(body.get("content_variables")) && !present(body.get("content_sid"))) {
        errors += "/content_variables" to "CONTENT_VARIABLES_WITHOUT_TEMPLATE"
    }
    body.get("webhook")?.takeIf { present(it) }?.let { webhook ->
        webhookProblem(webhook.textValue())?.let { errors += "/webhook" to it }
    }
    for (field in listOf("request_data", "metadata")) {
        val value = body.get(field)
        if (present(value) && mapper.writeValueAsBytes(value).size > KB64) errors += "/$field" to "PAYLOAD_TOO_LARGE"
    }
    for (field in listOf("disposition_ids", "citation_schema_ids")) {
        val ids = body.get(field)
        if (!present(ids)) continue
        val seen = HashSet<String>()
        ids.forEachIndexed { index, id -> if (!seen.add(id.textValue() ?: id.toString())) warnings += "/$field/$index" to "DUPLICATE_ID" }
    }
    val personaId = body.get("persona_id")?.takeIf { present(it) }?.textValue()
    if (present(body.get("persona_version")) && personaId == null) {
        warnings += "/persona_version" to "PERSONA_VERSION_WITHOUT_PERSONA"
    }
    if (present(body.get("persona_settings")) && personaId == null) {
        warnings += "/persona_settings" to "PERSONA_SETTINGS_WITHOUT_PERSONA"
    }

    // --- rules that need the server's context ----------------------------------------------
    val ctx = context?.takeIf { present(it) }
    val number = ctx?.get("number")?.takeIf { present(it) }
    val account = ctx?.get("account")
    if (present(account) && account!!.get("numbers").none { it.textValue() == agentNumber }) {
        errors += "/agent_number" to "AGENT_NUMBER_NOT_FOUND"
    }
    if (number != null && number.get("phone_number").textValue() != agentNumber) {
        errors += "context:/number/phone_number" to "INVALID_CONTEXT"
    }
    val persona = if (personaId != null) ctx?.get("persona")?.takeIf { present(it) } else null
    if (persona != null && !persona.get("id").textValue().equals(personaId, ignoreCase = true)) {
        errors += "context:/persona/id" to "INVALID_CONTEXT"
    }

    val bodyChannel = body.get("channel")?.takeIf { present(it) }?.textValue()
    val channel = bodyChannel
        ?: if (number != null && present(number.get("imessage_config")) && !present(number.get("sms_config"))) "imessage" else "sms"
    val channelConfig = number?.get("${channel}_config")
    if (number != null && !present(channelConfig)) {
        errors += (if (bodyChannel != null) "/channel" else "context:/number") to "CHANNEL_NOT_CONFIGURED"
    }
    var base: JsonNode? = null
    if (personaId != null) {
        if (persona != null) {
            base = persona.get(body.get("persona_version")?.takeIf { present(it) }?.textValue() ?: "production")
            if (!present(base)) errors += "/persona_version" to "VERSION_NOT_FOUND"
        }
    } else {
        base = channelConfig
    }
    val known = base?.takeIf { present(it) && it.isObject }

    val conversation = ctx?.get("conversation")?.takeIf { present(it) }
    val newConversation = body.get("new_conversation")
    val resuming = !(newConversation != null && newConversation.isBoolean && newConversation.booleanValue()) &&
        conversation != null && conversation.get("active").booleanValue()
    val overrides = if (resuming) conversation!!.get("overrides")?.takeIf { present(it) } else null
    val timeOut = firstPresent(body.get("time_out"), overrides?.get("time_out"), known?.get("time_out"))
    val warningTime = firstPresent(body.get("warning_time"), overrides?.get("warning_time"), known?.get("warning_time"))
    val judged = known != null || present(body.get("time_out")) || present(overrides?.get("time_out"))
    if (warningTime != null && judged && (timeOut == null || warningTime.doubleValue() >= timeOut.doubleValue())) {
        errors += (if (present(body.get("warning_time"))) "/warning_time" else "/time_out") to "INVALID_TIMEOUT_CONFIG"
    }

    val now = ctx?.get("now")
    if (channel == "whatsapp" && !present(body.get("content_sid")) && present(now) && ctx!!.has("conversation")) {
        val last = conversation?.get("last_user_message_at")
        if (!present(last) || millis(now!!.textValue()) - millis(last!!.textValue()) >= DAY_MS) {
            errors += "/content_sid" to "WHATSAPP_TEMPLATE_REQUIRED"
        }
    }
    if (known != null && !present(body.get("agent_message")) && !present(body.get("content_sid"))) {
        val pathway = firstPresent(
            body.get("persona_settings")?.get("pathway_id"),
            body.get("pathway_id"),
            if (resuming) conversation!!.get("pathway_id") else null,
            if (personaId != null) persona?.get("number_settings")?.get("pathway_id") else null,
            known.get("pathway_id"),
        )
        val objective = known.get("objective")
        val hasObjective = present(objective) && !(objective.isTextual && objective.textValue().isEmpty())
        if (pathway == null && !hasObjective) errors += "/agent_message" to "NOTHING_TO_SEND"
    }
    return issues
}
