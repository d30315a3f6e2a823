package io.xipkit.peripherals.stm32;

import io.xipkit.bus.NonVolatileMemory;

/**
 * The non-volatile option words of the flash (RM0433 section 4.4 "FLASH option bytes"), kept in
 * the 64-byte register image of a {@link NonVolatileMemory} so they survive power-off and, with a
 * file-backed storage, runs of the tool.
 *
 * <p>Image layout (little-endian 32-bit words): 0 format marker, 1 OPTSR, 2 BOOT (Cortex-M7 /
 * single core), 3 BOOT4 (Cortex-M4, RM0399 only), then per physical bank PRAR, SCAR, WPSN
 * (words 4..6 for bank 1, 7..9 for bank 2). An image without the marker (all zero: fresh storage)
 * holds the factory values. Per-bank words belong to the physical bank: a bank swap moves them
 * with the array.
 */
public final class H7FlashOptionBytes {
    /** OPTSR bits that are option bytes; OPT_BUSY (bit 0) and OPTCHANGEERR (bit 30) are status. */
    static final int OPTSR_NONVOLATILE = ~((1 << 0) | (1 << 30));
    /** SWAP_BANK_OPT, OPTSR bit 31 (RM0433 section 4.9.8). */
    static final int SWAP_BANK_OPT = 1 << 31;

    private static final int MARKER = 0x4837_4F42; // "BO7H"
    private static final int W_MARKER = 0, W_OPTSR = 1, W_BOOT = 2, W_BOOT4 = 3, W_BANK = 4;
    /** Factory BOOT_ADD1: the system memory, 0x1FF0 (RM0433 section 4.4.2); BOOT_ADD0 is the board's. */
    static final int FACTORY_BOOT_ADD1 = 0x1FF0_0000;
    /** Factory Cortex-M4 BOOT register: 0x0810_0000 / 0x1000_0000 (RM0399 section 4.4.2). */
    static final int FACTORY_BOOT4 = 0x1000_0810;
    /** Empty PCROP / secure area (start 0x0FF > end 0x000); no protected sector is the variant's factory WPSN. */
    static final int FACTORY_PRAR = 0x0000_00FF, FACTORY_SCAR = 0x0000_00FF;

    private final NonVolatileMemory storage;
    private final H7FlashVariant variant;
    private final H7FlashGeometry geometry;
    private final int[] words = new int[10];

    H7FlashOptionBytes(NonVolatileMemory storage, H7FlashVariant variant, H7FlashGeometry geometry) {
        if (storage == null) throw new IllegalArgumentException("option-byte storage is required");
        if (storage.registerImage().length < words.length * 4) {
            throw new IllegalArgumentException("option-byte storage register image is smaller than 40 bytes");
        }
        this.storage = storage;
        this.variant = variant;
        this.geometry = geometry;
        load();
    }

    /** Reads the image (a reset reloads the option bytes, RM0433 section 4.4.3). */
    void load() {
        byte[] image = storage.registerImage();
        if (word(image, W_MARKER) != MARKER) {
            words[W_OPTSR] = variant.factoryOptsr();
            words[W_BOOT] = FACTORY_BOOT_ADD1 | (int) (geometry.bootAdd0() >>> 16);
            words[W_BOOT4] = FACTORY_BOOT4;
            for (int bank = 0; bank < 2; bank++) {
                words[W_BANK + 3 * bank] = FACTORY_PRAR;
                words[W_BANK + 3 * bank + 1] = FACTORY_SCAR;
                words[W_BANK + 3 * bank + 2] = variant.layout().factoryWpsn();
            }
            return;
        }
        for (int i = 1; i < words.length; i++) words[i] = word(image, i);
    }

    /** Writes the words to the image and tells the storage. */
    void store() {
        byte[] image = storage.registerImage();
        words[W_MARKER] = MARKER;
        for (int i = 0; i < words.length; i++) {
            int v = words[i];
            for (int b = 0; b < 4; b++) image[4 * i + b] = (byte) (v >>> (8 * b));
        }
        storage.metadataChanged();
    }

    private static int word(byte[] image, int i) {
        return (image[4 * i] & 0xFF) | (image[4 * i + 1] & 0xFF) << 8 | (image[4 * i + 2] & 0xFF) << 16
                | (image[4 * i + 3] & 0xFF) << 24;
    }

    int optsr() {
        return words[W_OPTSR];
    }

    void setOptsr(int value) {
        words[W_OPTSR] = value & OPTSR_NONVOLATILE;
    }

    int boot() {
        return words[W_BOOT];
    }

    void setBoot(int value) {
        words[W_BOOT] = value;
    }

    int boot4() {
        return words[W_BOOT4];
    }

    void setBoot4(int value) {
        words[W_BOOT4] = value;
    }

    int prar(int physicalBank) {
        return words[W_BANK + 3 * physicalBank];
    }

    int scar(int physicalBank) {
        return words[W_BANK + 3 * physicalBank + 1];
    }

    int wpsn(int physicalBank) {
        return words[W_BANK + 3 * physicalBank + 2];
    }

    void setBankWords(int physicalBank, int prar, int scar, int wpsn) {
        words[W_BANK + 3 * physicalBank] = prar;
        words[W_BANK + 3 * physicalBank + 1] = scar;
        words[W_BANK + 3 * physicalBank + 2] = wpsn;
    }

    boolean swapBank() {
        return geometry.banks() == 2 && (words[W_OPTSR] & SWAP_BANK_OPT) != 0;
    }
}
