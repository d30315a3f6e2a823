/* The image the v1 application installs (selfupdate/app.c): the v2 image built for slot 1, header
   included, as `objcopy -O binary --gap-fill 0xff` gives it (the Makefile passes its path). */
    .section .rodata.embedded_image, "a", %progbits
    .balign 4
    .global embedded_image, embedded_image_end
embedded_image:
    .incbin EMBED_FILE
embedded_image_end:
