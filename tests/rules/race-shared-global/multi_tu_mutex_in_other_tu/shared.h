// A global and its mutex, both defined in locks.cpp and used under the lock from other TUs.
#pragma once
#include <mutex>

extern std::mutex table_mutex;
extern int table_size;
void grow();
