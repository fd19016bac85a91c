package org.mastspark.emulator.sky;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/** Numbers in JSON requests, which clients send either as JSON numbers or as text holding one. */
final class JsonNumbers {
    private JsonNumbers() {}

    /**
     * The node's number: a JSON number, or the number its (trimmed) text holds.
     *
     * @param invalid the error message for the node's text when it holds no number
     * @throws MastQueryException with that message (the service answers HTTP 400)
     */
    static double number(JsonNode v, Function<String, String> invalid) {
        if (v.isNumber()) {
            return v.asDouble();
        }
        try {
            return Double.parseDouble(v.asText().trim());
        } catch (NumberFormatException e) {
            throw new MastQueryException(invalid.apply(v.asText()));
        }
    }
}
