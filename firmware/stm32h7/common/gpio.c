/* GPIO set-up (RM0433 §11.4): clock the port (RCC_AHB4ENR), then AFR before MODER = AF so the pin
   never drives a wrong function. */
#include "hw.h"

static void port_clock(unsigned port)
{
    RCC_AHB4ENR |= RCC_AHB4ENR_GPIOEN(port);
    (void)RCC_AHB4ENR;   /* read back: the enable takes effect before the first port access */
}

void gpio_set_af(const pin_af_t *pins, unsigned count, int very_high_speed)
{
    for (unsigned i = 0; i < count; i++) {
        unsigned p = pins[i].port, n = pins[i].pin;
        port_clock(p);
        if (n < 8) GPIO_AFRL(p) = (GPIO_AFRL(p) & ~(0xFu << (4 * n))) | ((uint32_t)pins[i].af << (4 * n));
        else GPIO_AFRH(p) = (GPIO_AFRH(p) & ~(0xFu << (4 * (n - 8)))) | ((uint32_t)pins[i].af << (4 * (n - 8)));
        GPIO_OTYPER(p) &= ~(1u << n);
        if (very_high_speed) GPIO_OSPEEDR(p) |= 3u << (2 * n);
        GPIO_PUPDR(p) &= ~(3u << (2 * n));
        GPIO_MODER(p) = (GPIO_MODER(p) & ~(3u << (2 * n))) | (GPIO_MODE_AF << (2 * n));
    }
}

void gpio_set_output(unsigned port, unsigned pin)
{
    port_clock(port);
    GPIO_OTYPER(port) &= ~(1u << pin);
    GPIO_PUPDR(port) &= ~(3u << (2 * pin));
    GPIO_MODER(port) = (GPIO_MODER(port) & ~(3u << (2 * pin))) | (GPIO_MODE_OUTPUT << (2 * pin));
}

void gpio_write(unsigned port, unsigned pin, int high)
{
    GPIO_BSRR(port) = high ? (1u << pin) : (1u << (pin + 16));
}
