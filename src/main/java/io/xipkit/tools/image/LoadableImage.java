// TEMPORARY STAND-IN for branch h-loader (io.xipkit.tools.image). Written by h-cli only so that
// tools/run/ImageLoading compiles and its tests run; same public signatures as the h-loader API.
// At merge: take h-loader's version of this file and delete any stand-in it does not have.
package io.xipkit.tools.image;

import java.util.List;
import java.util.OptionalInt;

/** What a loader found in a file: the segments to store, the entry point and the symbols. */
public record LoadableImage(String name, List<Segment> segments, OptionalInt entry, SymbolTable symbols) {}
