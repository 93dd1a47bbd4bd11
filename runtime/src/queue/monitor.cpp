// The status page (see monitor_main.cpp).
