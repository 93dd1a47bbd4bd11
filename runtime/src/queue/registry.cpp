#include "concur/queue/registry.h"

#include <stdexcept>

namespace concur::queue {

void TaskRegistry::insert(RegisteredTask task) {
  if (task.name.empty()) throw std::invalid_argument("TaskRegistry: a task needs a name");
  std::string name = task.name;
  tasks_.insert_or_assign(std::move(name), std::move(task));
}

const RegisteredTask* TaskRegistry::find(std::string_view name) const {
  auto it = tasks_.find(name);
  return it == tasks_.end() ? nullptr : &it->second;
}

std::vector<std::string> TaskRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& [name, task] : tasks_) out.push_back(name);
  return out;
}

}  // namespace concur::queue
