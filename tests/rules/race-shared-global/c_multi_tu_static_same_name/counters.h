/* Two TUs, each with its own file-static `count`: same name, different variables. */
#pragma once

void *count_a(void *arg);
void *count_b(void *arg);
int total_a(void);
int total_b(void);
