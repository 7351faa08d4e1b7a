package dev.llmrouter.internal.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.internal.http.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The fast chunk path must never change what a chunk means: where it answers, it answers exactly
 * what the tree path gives; where it is unsure, it gives way (null).
 */
@Tag("unit")
class ChunkScannerTest {
    private static final OpenAiResponseMapper MAPPER = new OpenAiResponseMapper(null);
    private static final String HEAD = "{\"id\":\"cc-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m1\","
            + "\"system_fingerprint\":\"fp\",\"choices\":";

    /** The tree path's chunk, or null where it would throw (the stream then reports the event as malformed). */
    private static ChatChunk tree(String json) {
        JsonNode node;
        try {
            node = Json.parse(json);
        } catch (JacksonException e) {
            return null;
        }
        return node != null && node.isObject() && !node.has("error") ? MAPPER.chunk(node) : null;
    }

    private static void sameAsTree(String json) {
        ChatChunk fast = new ChunkScanner().scan(json, 0);
        if (fast != null) {
            assertThat(fast).as(json).isEqualTo(tree(json));
        }
    }

    @Test
    void readsTheCommonShapesInPlaceAndAgreesWithTheTree() {
        List<String> common = List.of(
                HEAD + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}",
                HEAD + "[{\"index\":0,\"delta\":{\"content\":\" lorem ipsum\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}",
                HEAD + "[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}",
                HEAD + "[{\"index\":0,\"delta\":{\"content\":\"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00/\"},\"finish_reason\":null}]}",
                HEAD + "[{\"index\":0,\"delta\":{\"content\":\"日本語 ✓\",\"reasoning_content\":null},\"finish_reason\":null}]}",
                " { \"choices\" : [ { \"delta\" : { \"content\" : \"x\" } } , {\"delta\":{\"content\":\"second\"}} ] } ",
                "{\"model\":null,\"id\":\"a\",\"choices\":null}",
                "{\"choices\":[]}",
                "{\"choices\":[{\"delta\":null,\"finish_reason\":\"length\",\"extra\":[1,-2.5e3,true,false,null,{\"k\":[]}]}]}",
                "{\"choices\":[{\"delta\":{\"content\":\"first\"}}],\"choices\":[{\"delta\":{\"content\":\"last\"}}]}");
        ChunkScanner scanner = new ChunkScanner();
        for (String json : common) {
            ChatChunk fast = scanner.scan(json, 0);
            assertThat(fast).as(json).isNotNull().isEqualTo(tree(json));
        }
        assertThat(scanner.scan(common.get(3), 0).text()).isEqualTo("a\"b\\c\né😀/");
        assertThat(scanner.scan("data: " + common.get(1), 6).text()).isEqualTo(" lorem ipsum");
    }

    @Test
    void repeatedIdsAndModelsAreNotCopiedAgain() {
        ChunkScanner scanner = new ChunkScanner();
        ChatChunk a = scanner.scan(HEAD + "[{\"delta\":{\"content\":\"a\"}}]}", 0);
        ChatChunk b = scanner.scan(HEAD + "[{\"delta\":{\"content\":\"b\"}}]}", 0);

        assertThat(b.id()).isEqualTo("cc-1").isSameAs(a.id());
        assertThat(b.model()).isEqualTo("m1").isSameAs(a.model());
    }

    @Test
    void givesWayToTheTreeForRicherOrDoubtfulEvents() {
        List<String> other = List.of(
                HEAD + "[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]}}]}",
                HEAD + "[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}",
                HEAD + "[{\"delta\":{\"content\":[{\"type\":\"text\",\"text\":\"part\"}]}}]}",
                "{\"id\":7,\"choices\":[]}",
                "{\"choices\":[{\"delta\":{\"content\":\"x\"},\"finish_reason\":1}]}",
                "{\"error\":{\"message\":\"boom\"}}",
                "{\"choices\":[null]}",
                "{\"ch\\u006fices\":[]}",
                "[1,2]",
                "{\"choices\":[]} trailing",
                "{\"choices\":[{\"delta\":{\"content\":\"unterminated}}]}",
                "{\"choices\":[{\"delta\":{\"content\":\"bad \\x escape\"}}]}",
                "{\"a\":01}",
                "{\"a\":1.}",
                "{\"a\":tru}",
                "{\"a\":\"ctl \u0001\"}",
                "{\"a\":[1,]}",
                "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}",
                "");
        ChunkScanner scanner = new ChunkScanner();
        for (String json : other) {
            assertThat(scanner.scan(json, 0)).as(json).isNull();
        }
    }

    @Test
    void mutatedChunksNeverGetAnotherMeaningOnTheFastPath() {
        String base = HEAD + "[{\"index\":0,\"delta\":{\"content\":\"a \\\"q\\\" b\"},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}";
        String alphabet = "{}[]\":,\\ 0123456789-+.eEtrufalsn\u00e9x";
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder(base);
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(sb.length());
                switch (random.nextInt(3)) {
                    case 0 -> sb.deleteCharAt(at);
                    case 1 -> sb.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> sb.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            sameAsTree(sb.toString());
        }
    }

    @Test
    void readsTheBytesOfALineAsTheTreeReadsItsDecodedText() {
        // malformed UTF-8 too: the in-place path decodes only the strings it keeps, and must get the same characters
        byte[] base = (HEAD + "[{\"index\":0,\"delta\":{\"content\":\"a é\\n b\"},\"finish_reason\":null}],\"usage\":null}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] inserts = {(byte) 0xc3, (byte) 0xa9, (byte) 0xe2, (byte) 0x9c, (byte) 0x93, (byte) 0xf0, (byte) 0x9f,
                (byte) 0x80, (byte) 0xff, '"', '\\', 'u', '0', 'n', ' ', 'x'};
        Random random = new Random(7);
        ChunkScanner scanner = new ChunkScanner();
        int read = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b = base.clone();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                b[random.nextInt(b.length)] = inserts[random.nextInt(inserts.length)];
            }
            ChatChunk fast = scanner.decode(b, 0, b.length);
            if (fast != null) {
                read++;
                assertThat(fast).isEqualTo(tree(new String(b, StandardCharsets.UTF_8)));
            }
        }
        // most single-byte changes inside strings keep the chunk on the fast path
        assertThat(read).isGreaterThan(1_000);
        byte[] prefixed = ("data: " + HEAD + "[{\"delta\":{\"content\":\"\u00e9\"}}]}").getBytes(StandardCharsets.UTF_8);
        assertThat(scanner.decode(prefixed, 6, prefixed.length).text()).isEqualTo("é");
    }
}
