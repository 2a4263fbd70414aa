package io.portagent.llm.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portagent.llm.AttemptFailure;
import io.portagent.llm.FailureCode;
import io.portagent.llm.Json;
import io.portagent.llm.StopReason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Proves the table of Anthropic's own words: mid-stream error types and stop reasons. */
class AnthropicDecoderTest {

    @ParameterizedTest(name = "{0} event -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            overloaded_error      | OVERLOADED         | true  | The provider is overloaded; try again in a moment
            rate_limit_error      | RATE_LIMITED       | true  | Rate limited by the provider: details
            api_error             | PROVIDER_ERROR     | true  | Provider error: details
            authentication_error  | INVALID_API_KEY    | false | Invalid API key
            permission_error      | PERMISSION_DENIED  | false | details
            invalid_request_error | INVALID_REQUEST    | false | details
            something_new         | PROVIDER_ERROR     | false | Provider error: details
            """)
    void errorEventTypeMapsToCodeSentenceAndRetryability(String type, FailureCode code, boolean retryable,
            String sentence) {
        String payload = "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"details\"}}";

        AttemptFailure failure = AnthropicDecoder.fromEvent(Json.object(payload.getBytes(StandardCharsets.UTF_8),
                payload.getBytes(StandardCharsets.UTF_8).length));

        assertEquals(new AttemptFailure(code, sentence, 0, retryable, null), failure);
    }


    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            end_turn      | END_TURN
            pause_turn    | END_TURN
            tool_use      | TOOL_USE
            max_tokens    | MAX_TOKENS
            stop_sequence | STOP_SEQUENCE
            refusal       | REFUSAL
            something_new | OTHER
            """)
    void stopReasonsMapToTheNeutralOnes(String wire, StopReason reason) {
        assertEquals(reason, AnthropicDecoder.stopReason(wire));
    }
}
