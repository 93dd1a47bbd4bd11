#pragma once
extern long hits;
void stats_lock();
void stats_unlock();
