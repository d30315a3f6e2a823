package io.xipkit.tools.flashalgo;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The reference algorithms of each board (firmware/flashalgo, built files shipped as class-path
 * resources), which {@code xipkit flash} uses when no algorithm is named.
 */
public final class BoardAlgorithms {
    private static final Map<String, List<String>> BY_BOARD = Map.of(
            "stm32h750-w25q128", List.of("STM32H750_INTERNAL.FLM", "W25Q128JV_STM32H750.FLM"),
            "stm32h757-mt25tl01g", List.of("STM32H757_INTERNAL.FLM", "MT25TL01G_STM32H757.FLM"),
            "nucleo-l476rg", List.of("STM32L476_INTERNAL.FLM"),
            // The H7S3's own 64 KB flash has no model of its FLASH controller yet: only the octal chip.
            "nucleo-h7s3l8", List.of("MX25UW25645G_NUCLEO_H7S3L8.FLM"));

    private BoardAlgorithms() {}

    /** The board's algorithms (empty when it has none yet). */
    public static List<AlgorithmImage> forBoard(String boardId) throws AlgorithmFormatException {
        List<AlgorithmImage> out = new ArrayList<>();
        for (String file : BY_BOARD.getOrDefault(boardId, List.of())) {
            try (InputStream in = BoardAlgorithms.class.getResourceAsStream("/io/xipkit/flashalgo/" + file)) {
                if (in == null) throw new IllegalStateException("reference algorithm " + file + " is missing from the class path");
                out.add(AlgorithmFiles.parse(file, in.readAllBytes(), null));
            } catch (IOException e) {
                throw new IllegalStateException("reading reference algorithm " + file, e);
            }
        }
        return out;
    }
}
