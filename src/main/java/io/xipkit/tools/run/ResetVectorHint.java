package io.xipkit.tools.run;

import io.xipkit.board.Board;
import io.xipkit.bus.NotMemoryException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Why a program that stops abnormally may never have started: the core takes its initial SP and
 * reset handler from the vector table at the boot address (ARMv7-M ARM DDI 0403E, B1.5.5 "Reset
 * behavior": SP_main = vector 0, the entry point = vector 1). Words that are both 0 (nothing
 * loaded there, RAM) or both 0xFFFFFFFF (erased flash) are no vector table; a program linked
 * for another address (a plain {@code --specs=rdimon.specs} program starts at 0x8000) then locks
 * up at once with a fault report that does not say why.
 */
final class ResetVectorHint {
    private ResetVectorHint() {}

    /** A one-line hint, or null when the boot address holds something that may be a vector table. */
    static String of(Board board, int bootAddress, List<ImageLoading.Placed> loaded, boolean fromState) {
        byte[] words;
        try {
            words = board.bus().peekBytes(bootAddress & 0xFFFFFFFFL, 8);
        } catch (NotMemoryException e) {
            return String.format("hint: no memory at the boot address 0x%08x, where the core reads its vector table", bootAddress);
        }
        ByteBuffer b = ByteBuffer.wrap(words).order(ByteOrder.LITTLE_ENDIAN);
        int sp = b.getInt();
        int entry = b.getInt();
        boolean erased = sp == -1 && entry == -1;
        if (!erased && !(sp == 0 && entry == 0)) return null;
        StringBuilder h = new StringBuilder(String.format("hint: no vector table at 0x%08x", bootAddress));
        if (erased) h.append(" (the flash there is erased)");
        if (!loaded.isEmpty()) {
            long start = loaded.stream().mapToLong(ImageLoading.Placed::address).min().orElseThrow();
            h.append(String.format(": the image starts at 0x%08x; link it with its vector table (initial SP, reset handler)"
                    + " at 0x%08x (see \"Your own firmware\" in README.md)", start, bootAddress));
        } else if (fromState) {
            h.append(": the state directory holds no program there; give an image file to load");
        }
        return h.toString();
    }
}
