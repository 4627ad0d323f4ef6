// Boxed calls into ATen's dispatcher: any registered operator ("aten::conv2d") is reachable
// through one entry point, with autograd recorded exactly as for a direct C++ call.
#include <ATen/core/dispatch/Dispatcher.h>
#include <ATen/core/ivalue.h>
#include <ATen/core/stack.h>

#include <sstream>
#include <vector>

#include "shim.h"

using namespace ser_torch;

namespace {

const c10::OperatorHandle& H(st_op op) {
  if (op == nullptr) throw std::invalid_argument("null operator handle");
  return *static_cast<const c10::OperatorHandle*>(op);
}

// The argument's type with Optional[...] removed.
c10::TypePtr unwrap_optional(const c10::TypePtr& type) {
  if (auto opt = type->cast<c10::OptionalType>()) return opt->getElementType();
  return type;
}

[[noreturn]] void bad_argument(const c10::FunctionSchema& schema, size_t index,
                               const char* what) {
  std::ostringstream s;
  s << schema.name() << ": argument " << index << " ('" << schema.arguments()[index].name()
    << "', " << schema.arguments()[index].type()->str() << "): " << what;
  throw std::invalid_argument(s.str());
}

c10::IValue to_ivalue(const c10::FunctionSchema& schema, size_t index, const st_arg& a) {
  const auto& formal = schema.arguments()[index];
  c10::TypePtr type = unwrap_optional(formal.type());
  switch (a.tag) {
    case ST_ARG_DEFAULT:
      if (!formal.default_value()) bad_argument(schema, index, "has no default value");
      return *formal.default_value();
    case ST_ARG_NONE:
      return c10::IValue();
    case ST_ARG_TENSOR:
      return c10::IValue(T(const_cast<void*>(a.p)));
    case ST_ARG_INT:
      if (type->kind() == c10::TypeKind::FloatType) return c10::IValue(static_cast<double>(a.i));
      if (type->kind() == c10::TypeKind::BoolType) return c10::IValue(a.i != 0);
      return c10::IValue(a.i);
    case ST_ARG_DOUBLE:
      if (type->kind() == c10::TypeKind::IntType) bad_argument(schema, index, "expects an integer");
      return c10::IValue(a.d);
    case ST_ARG_BOOL:
      return c10::IValue(a.i != 0);
    case ST_ARG_INT_LIST: {
      const auto* p = static_cast<const int64_t*>(a.p);
      return c10::IValue(std::vector<int64_t>(p, p + a.n));
    }
    case ST_ARG_DOUBLE_LIST: {
      const auto* p = static_cast<const double*>(a.p);
      return c10::IValue(std::vector<double>(p, p + a.n));
    }
    case ST_ARG_TENSOR_LIST: {
      const auto* p = static_cast<const st_tensor*>(a.p);
      std::vector<at::Tensor> list;
      list.reserve(static_cast<size_t>(a.n));
      for (int64_t i = 0; i < a.n; ++i) list.push_back(T(p[i]));
      return c10::IValue(list);
    }
    case ST_ARG_STRING:
      return c10::IValue(std::string(static_cast<const char*>(a.p)));
    default:
      bad_argument(schema, index, "unknown argument tag");
  }
}

// Appends one returned value to results; returns the new count.
int put(const c10::IValue& v, st_arg* results, int count, int capacity) {
  auto room = [&] {
    if (count >= capacity) throw std::out_of_range("operator returned more results than expected");
  };
  if (v.isTensor()) {
    room();
    results[count] = st_arg{ST_ARG_TENSOR, 0, 0, 0.0, wrap_optional(v.toTensor()), 0};
    return count + 1;
  }
  if (v.isTensorList()) {
    for (const at::Tensor& t : v.toTensorVector()) {
      room();
      results[count++] = st_arg{ST_ARG_TENSOR, 0, 0, 0.0, wrap_optional(t), 0};
    }
    return count;
  }
  if (v.isTuple()) {
    for (const auto& e : v.toTupleRef().elements()) count = put(e, results, count, capacity);
    return count;
  }
  room();
  if (v.isInt()) {
    results[count] = st_arg{ST_ARG_INT, 0, v.toInt(), 0.0, nullptr, 0};
  } else if (v.isDouble()) {
    results[count] = st_arg{ST_ARG_DOUBLE, 0, 0, v.toDouble(), nullptr, 0};
  } else if (v.isBool()) {
    results[count] = st_arg{ST_ARG_BOOL, 0, v.toBool() ? 1 : 0, 0.0, nullptr, 0};
  } else if (v.isNone()) {
    results[count] = st_arg{ST_ARG_NONE, 0, 0, 0.0, nullptr, 0};
  } else if (v.isScalar()) {
    auto s = v.toScalar();
    results[count] = s.isIntegral(false) ? st_arg{ST_ARG_INT, 0, s.toLong(), 0.0, nullptr, 0}
                                         : st_arg{ST_ARG_DOUBLE, 0, 0, s.toDouble(), nullptr, 0};
  } else {
    throw std::invalid_argument("unsupported return type " + v.tagKind());
  }
  return count + 1;
}

}  // namespace

extern "C" {

st_op st_op_find(const char* name, const char* overload) {
  ST_GUARD(nullptr, {
    auto handle = c10::Dispatcher::singleton().findSchemaOrThrow(name, overload ? overload : "");
    return new c10::OperatorHandle(handle);  // operators live for the whole process
  })
}

int st_op_num_arguments(st_op op) {
  ST_GUARD(ST_ERROR, { return static_cast<int>(H(op).schema().arguments().size()); })
}

int st_op_call(st_op op, const st_arg* args, int n_args, st_arg* results, int capacity) {
  ST_GUARD(ST_ERROR, {
    const auto& handle = H(op);
    const auto& schema = handle.schema();
    const size_t formal = schema.arguments().size();
    if (n_args < 0 || static_cast<size_t>(n_args) > formal) {
      std::ostringstream s;
      s << schema.name() << " takes " << formal << " arguments, got " << n_args;
      throw std::invalid_argument(s.str());
    }
    torch::jit::Stack stack;
    stack.reserve(formal);
    for (size_t i = 0; i < formal; ++i) {
      if (i < static_cast<size_t>(n_args)) {
        stack.push_back(to_ivalue(schema, i, args[i]));
      } else {
        const auto& d = schema.arguments()[i].default_value();
        if (!d) {
          std::ostringstream s;
          s << schema.name() << ": missing argument " << i << " ('"
            << schema.arguments()[i].name() << "')";
          throw std::invalid_argument(s.str());
        }
        stack.push_back(*d);
      }
    }
    handle.callBoxed(stack);
    int count = 0;
    try {
      for (const auto& v : stack) count = put(v, results, count, capacity);
    } catch (...) {
      for (int i = 0; i < capacity && i < count + 1; ++i) {
        if (results[i].tag == ST_ARG_TENSOR) st_tensor_free(const_cast<void*>(results[i].p));
        results[i].tag = ST_ARG_NONE;
      }
      throw;
    }
    return count;
  })
}

}  // extern "C"
