package io.xipkit.tools.flashalgo;

import io.xipkit.devices.nor.NorCatalog;
import io.xipkit.devices.nor.NorPart;
import java.util.Optional;

/**
 * The least time the chip's datasheet allows for a piece of work: typical page program time (tPP)
 * per page and typical erase time of the sector size (tSE / tBE) per erase, from the chip's entry
 * in the NOR catalog (docs/FLASH-MODEL.md). The algorithm's device name must start with the part
 * name (as "W25Q128JV_STM32H750-W25Q128" does), otherwise there is no bound.
 */
public record DatasheetBound(NorPart part, double pageProgramUs, double sectorEraseUs) {

    public static Optional<DatasheetBound> of(AlgorithmImage a) {
        String device = a.flash().device().toUpperCase(java.util.Locale.ROOT);
        NorPart best = null;
        for (NorPart p : NorCatalog.standard().all()) {
            if (device.startsWith(p.part().toUpperCase(java.util.Locale.ROOT)) && (best == null || p.part().length() > best.part().length())) best = p;
        }
        if (best == null) return Optional.empty();
        long sector = a.flash().sectors().get(0).size();
        // A dual-flash pair erases and programs both dies at once: the die's times apply to the doubled unit.
        NorPart die = NorCatalog.standard().diePart(best);
        long dieSector = sector / NorCatalog.dies(best);
        for (NorPart.Erase e : die.erases()) {
            if (e.size() == dieSector) {
                return Optional.of(new DatasheetBound(best, die.timing("pageProgram").typUs(), die.timing(e.timing()).typUs()));
            }
        }
        return Optional.empty();
    }

    /** Typical time in picoseconds for {@code erases} sector erases and {@code pages} page programs. */
    public long picos(long erases, long pages) {
        return Math.round((erases * sectorEraseUs + pages * pageProgramUs) * 1e6);
    }
}
