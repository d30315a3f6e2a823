# Build rules shared by the octal XIP boards (included by ../nucleo-h7s3l8/Makefile and
# ../stm32h7b3i-dk/Makefile after they set FW, BOARD and PROGS): the bootloader in internal flash and
# the blinky in the octal window, from the sources here and the board's board.h and linker scripts.
#   OUT=dir    where the ELFs go (default: ../elf/$(BOARD), the committed copies)
#   BUILD=dir  where objects go  (default: ../build/$(BOARD), ignored by git)
# Reproducible like firmware/Makefile: no debug info, source paths mapped to ".", no build id.

CROSS   ?= arm-none-eabi-
CC      := $(CROSS)gcc
OUT     ?= $(abspath $(FW)/../elf/$(BOARD))
BUILD   ?= $(abspath $(FW)/../build/$(BOARD))
SHARED  := $(abspath $(FW)/../octal-xip)

ARCH    := -mcpu=cortex-m7 -mthumb -mfloat-abi=soft
CFLAGS  := $(ARCH) -std=gnu11 -Wall -Wextra -Os -g0 -ffreestanding \
           -ffunction-sections -fdata-sections \
           -ffile-prefix-map=$(FW)=. -fdebug-prefix-map=$(FW)=. -fmacro-prefix-map=$(FW)=. \
           -ffile-prefix-map=$(SHARED)=. -fdebug-prefix-map=$(SHARED)=. -fmacro-prefix-map=$(SHARED)=. \
           -frandom-seed=xipkit -I$(FW) -I$(SHARED)
LDFLAGS := $(ARCH) -nostdlib -nostartfiles -L$(FW) -L$(SHARED) \
           -Wl,--build-id=none -Wl,--gc-sections -Wl,--strip-debug -Wl,--no-warn-rwx-segments
LDLIBS  := -lgcc
HDRS    := $(wildcard $(FW)/*.h) $(SHARED)/octal.h $(SHARED)/start.h $(SHARED)/mx25uw.h $(SHARED)/common.ld \
           $(SHARED)/rules.mk $(FW)/Makefile

.PHONY: all clean list
all: $(foreach p,$(PROGS),$(OUT)/$(p).elf)

list:
	@printf '%s\n' $(foreach p,$(PROGS),$(p).elf)

$(BUILD)/%.o: $(FW)/%.c $(HDRS)
	@mkdir -p $(BUILD)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/%.o: $(SHARED)/%.c $(HDRS)
	@mkdir -p $(BUILD)
	$(CC) $(CFLAGS) -c $< -o $@

$(OUT)/bootloader.elf: $(BUILD)/start.o $(BUILD)/mx25uw.o $(BUILD)/bootloader.o $(FW)/bootloader.ld
	@mkdir -p $(OUT)
	$(CC) $(LDFLAGS) -T $(FW)/bootloader.ld -o $@ $(BUILD)/start.o $(BUILD)/mx25uw.o $(BUILD)/bootloader.o $(LDLIBS)

$(OUT)/blinky.elf: $(BUILD)/start.o $(BUILD)/blinky.o $(FW)/blinky.ld
	@mkdir -p $(OUT)
	$(CC) $(LDFLAGS) -T $(FW)/blinky.ld -o $@ $(BUILD)/start.o $(BUILD)/blinky.o $(LDLIBS)

clean:
	rm -rf $(BUILD)
