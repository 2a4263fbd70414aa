package io.portagent.bench;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The protocols the bench's model speaks ({@code --provider}): the endpoint, how the server is
 * pointed at it, and the SSE events of one answer. Each event is a name (null for OpenAI's
 * unnamed {@code data:} lines) and its data.
 */
enum BenchProtocol {
    ANTHROPIC("/v1/messages", "\"type\":\"content_block_delta\"", "data: {\"type\":\"message_stop\"") {
        @Override
        List<String[]> head() {
            return List.of(new String[] {"message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_bench\","
                    + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"bench\",\"content\":[],\"stop_reason\":null,"
                    + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}"},
                    new String[] {"content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"});
        }

        @Override
        String[] delta(String text) {
            return new String[] {"content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                    + "{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}"};
        }

        @Override
        List<String[]> tail(int deltas) {
            return List.of(new String[] {"content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"},
                    new String[] {"message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                            + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + deltas + "}}"},
                    new String[] {"message_stop", "{\"type\":\"message_stop\"}"});
        }

        @Override
        Map<String, String> serverSettings(URI llm) {
            return Map.of("LLM_PROVIDER_KEY", "sk-ant-api03-bench-not-a-real-key", "LLM_PROVIDER_URL", llm.toString());
        }
    },
    OPENAI("/v1/chat/completions", "\"delta\":{\"content\":\"s", "data: [DONE]") {
        private static final String CHUNK = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\","
                + "\"created\":0,\"model\":\"bench\",";

        @Override
        List<String[]> head() {
            return List.<String[]>of(new String[] {null, CHUNK + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                    + "\"content\":\"\"},\"finish_reason\":null}]}"});
        }

        @Override
        String[] delta(String text) {
            return new String[] {null, CHUNK + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text
                    + "\"},\"finish_reason\":null}]}"};
        }

        @Override
        List<String[]> tail(int deltas) {
            return List.of(new String[] {null, CHUNK + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}"},
                    new String[] {null, CHUNK + "\"choices\":[],\"usage\":{\"prompt_tokens\":25,\"completion_tokens\":"
                            + deltas + ",\"total_tokens\":" + (25 + deltas) + "}}"},
                    new String[] {null, "[DONE]"});
        }

        @Override
        Map<String, String> serverSettings(URI llm) {
            return Map.of("LLM_PROVIDER_TYPE", "openai", "LLM_PROVIDER_URL", llm + "/v1");
        }
    };

    private final String path;
    private final String deltaMark;
    private final String endLine;

    BenchProtocol(String path, String deltaMark, String endLine) {
        this.path = path;
        this.deltaMark = deltaMark;
        this.endLine = endLine;
    }

    /** Whether an SSE line of the answer is a text delta (which carries a stamp). */
    boolean isDelta(String line) {
        return line.contains(deltaMark);
    }

    /** Whether an SSE line is the answer's last. */
    boolean isEnd(String line) {
        return line.startsWith(endLine);
    }

    /** The streaming endpoint's path. */
    String path() {
        return path;
    }

    abstract List<String[]> head();

    abstract String[] delta(String text);

    abstract List<String[]> tail(int deltas);

    /** The settings that make the server call the bench's model at {@code llm} in this protocol. */
    abstract Map<String, String> serverSettings(URI llm);

    static BenchProtocol parse(String name) {
        return switch (name) {
            case "anthropic" -> ANTHROPIC;
            case "openai" -> OPENAI;
            default -> throw new IllegalArgumentException("--provider is anthropic or openai, not " + name);
        };
    }
}
