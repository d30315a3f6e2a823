package io.xipkit.devices.nor;

/** Something firmware did that a real part would ignore or treat as undefined. */
public record ModelWarning(long picos, String message) {}
