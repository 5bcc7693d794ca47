// Umbrella header of tenantc::runtime: everything generated repositories use.
#pragma once

#include "tenantc/codec.hpp"
#include "tenantc/connection.hpp"
#include "tenantc/errors.hpp"
#include "tenantc/paging.hpp"
#include "tenantc/pipeline.hpp"
#include "tenantc/values.hpp"
