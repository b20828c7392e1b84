package smsrules

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.contentOrNull
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.DynamicTest.dynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import java.io.File
import java.net.URI

/**
 * The public SSRF corpus (tests/ssrf/corpus.json, described in tests/ssrf/README.md), each URL
 * a request's webhook through the typed `check`: every `refuse` entry gets UNSAFE_WEBHOOK or
 * INVALID_URL at `/webhook`; every `accept` entry gets no `/webhook` issue, its plan carries
 * the URL's WHATWG serialization, and Java's own `URI` reads the same host in it as WHATWG.
 */
class SsrfCorpusTest {
    private val ssrfDir: File get() = File(Conformance.vectorsDir, "../../ssrf").canonicalFile
    private val corpus: List<JsonObject> by lazy {
        Json.parseToJsonElement(File(ssrfDir, "corpus.json").readText()).jsonArray.map { it.jsonObject }
    }
    private val serialized: JsonObject by lazy {
        Json.parseToJsonElement(File(ssrfDir, "serialized.json").readText()).jsonObject
    }

    private fun JsonObject.text(key: String): String? = get(key)?.jsonPrimitive?.contentOrNull

    private fun requestWith(url: String): String = buildJsonObject {
        put("user_number", "+14155552671")
        put("agent_number", "+14155550000")
        put("agent_message", "Hi")
        put("webhook", url)
    }.toString()

    @Test
    fun `the corpus is whole`() {
        assertEquals(536, corpus.size)
        assertEquals(398, corpus.count { it.text("expect") == "refuse" })
        assertEquals(44, corpus.count { it.text("expect") == "accept" })
    }

    @TestFactory
    fun corpusUrlsAsWebhooks(): List<DynamicTest> =
        corpus.filter { it.text("expect") == "refuse" || it.text("expect") == "accept" }.map { entry ->
            val url = entry.text("url")!!
            val expect = entry.text("expect")!!
            dynamicTest("$expect $url") {
                val outcome = check(requestWith(url), null, Options())
                val envelope = Conformance.envelopeOf(outcome)
                val viaJson = Json.parseToJsonElement(checkJson("""{"request":${requestWith(url)}}""")).jsonObject
                assertTrue(Conformance.jsonEquals(envelope, viaJson)) { "typed check and checkJson differ for $url" }
                val issues = (outcome.errors + outcome.warnings).filter { it.path == "/webhook" }
                if (expect == "refuse") {
                    assertEquals(1, issues.size, "$url: $issues")
                    assertEquals(IssueLocation.BODY, issues[0].location)
                    assertTrue(issues[0].error == IssueCode.UNSAFE_WEBHOOK || issues[0].error == IssueCode.INVALID_URL) {
                        "$url: ${issues[0].error}"
                    }
                    assertTrue(!outcome.ok)
                } else {
                    assertEquals(emptyList<Issue>(), issues, url)
                    assertTrue(outcome.ok) { "$url: ${outcome.errors}" }
                    val href = serialized.getValue(url).jsonPrimitive.content
                    val webhook = Json.parseToJsonElement(outcome.planJson!!).jsonObject.getValue("webhook").jsonObject
                    assertEquals(href, webhook.text("value"), url)
                    assertEquals("request", webhook.text("source"), url)
                    val whatwgHost = entry.getValue("readings").jsonObject.text("whatwg")!!.substringAfter(':')
                    assertEquals(whatwgHost, URI(href).host, "Java's URI reads another host in $href")
                }
            }
        }
}
